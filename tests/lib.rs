//! Workspace-level tests of every provider's flows against httpmock; see the files beside this one.
