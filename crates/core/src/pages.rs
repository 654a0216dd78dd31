//! Every item of a paginated list, page after page.
//!
//! Vendors page their lists by number (`currentPage` and `pageSize`, with a total
//! `count`) or by cursor (a token to pass back for the next page). [`numbered`]
//! and [`cursored`] turn the call that fetches one page into a
//! [`futures_core::Stream`] of items, fetching the next page only when the
//! consumer has taken every item of the previous one; [`collect`] gathers a
//! whole stream. Each provider crate builds its `*_all` helpers on them.
//!
//! ```
//! use cloud_clusters_core::pages::{self, Page};
//!
//! # async fn run() -> Result<(), std::convert::Infallible> {
//! // A list of 5 items served 2 per page.
//! let all: Vec<u32> = pages::collect(pages::numbered(2, |page, size| async move {
//!     let items: Vec<u32> = (1..=5).skip(((page - 1) * size) as usize).take(size as usize).collect();
//!     Ok::<_, std::convert::Infallible>(Page { items, total: Some(5) })
//! }))
//! .await?;
//! assert_eq!(all, vec![1, 2, 3, 4, 5]);
//! # Ok(())
//! # }
//! ```

use std::future::Future;

use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt, stream};

/// One page of a list numbered by page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    /// The items of this page, in order.
    pub items: Vec<T>,
    /// How many items the whole list holds, when the server says.
    pub total: Option<u64>,
}

/// One page of a list paged by cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct CursorPage<T, C> {
    /// The items of this page, in order.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` (or an empty page) ends the list.
    pub next: Option<C>,
}

/// The page numbers stop here whatever the server says: a server that never
/// reports its end cannot make a stream run forever.
pub const MAX_PAGES: u32 = 100_000;

struct Numbered<F> {
    fetch: F,
    page_size: u32,
    next_page: Option<u32>,
    seen: u64,
}

/// Every item of a list paged by number, first page first (pages count from 1).
///
/// `fetch(page, page_size)` fetches one page. The stream ends after a page with
/// fewer than `page_size` items, an empty page, or once `total` items were seen;
/// it yields a fetch's error once, then ends. `page_size` 0 is taken as 1.
pub fn numbered<T, E, F, Fut>(page_size: u32, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(u32, u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    let state = Numbered {
        fetch,
        page_size: page_size.max(1),
        next_page: Some(1),
        seen: 0,
    };
    stream::try_unfold(state, |mut state| async move {
        let Some(page) = state.next_page else {
            return Ok(None);
        };
        let got = (state.fetch)(page, state.page_size).await?;
        state.seen += got.items.len() as u64;
        let short = got.items.len() < state.page_size as usize;
        let complete = got.total.is_some_and(|total| state.seen >= total);
        state.next_page = if short || complete || page >= MAX_PAGES {
            None
        } else {
            Some(page + 1)
        };
        Ok(Some((stream::iter(got.items.into_iter().map(Ok)), state)))
    })
    .try_flatten()
    .fuse()
}

/// Every item of a list paged by cursor, first page first.
///
/// `fetch(cursor)` fetches one page: `None` for the first. The stream ends after
/// a page without a next cursor, an empty page, a cursor equal to the one just
/// used, or [`MAX_PAGES`] pages; it yields a fetch's error once, then ends.
pub fn cursored<T, C, E, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, E>>
where
    C: Clone + PartialEq,
    F: FnMut(Option<C>) -> Fut,
    Fut: Future<Output = Result<CursorPage<T, C>, E>>,
{
    struct State<F, C> {
        fetch: F,
        cursor: Option<C>,
        done: bool,
        pages: u32,
    }
    let state = State {
        fetch,
        cursor: None,
        done: false,
        pages: 0,
    };
    stream::try_unfold(state, |mut state| async move {
        if state.done {
            return Ok(None);
        }
        let used = state.cursor.clone();
        let got = (state.fetch)(used.clone()).await?;
        state.pages += 1;
        let stuck = got.next.is_some() && got.next == used;
        state.done =
            got.items.is_empty() || got.next.is_none() || stuck || state.pages >= MAX_PAGES;
        state.cursor = got.next;
        Ok(Some((stream::iter(got.items.into_iter().map(Ok)), state)))
    })
    .try_flatten()
    .fuse()
}

/// Every item of `items`, or its first error.
pub async fn collect<T, E>(items: impl Stream<Item = Result<T, E>>) -> Result<Vec<T>, E> {
    items.try_collect().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(f)
    }

    #[test]
    fn numbered_pages_stop_at_a_short_page_or_the_total() {
        let calls = Cell::new(0);
        let all = run(collect(numbered(2, |page, size| {
            calls.set(calls.get() + 1);
            async move {
                let items: Vec<u32> = (1..=5)
                    .skip(((page - 1) * size) as usize)
                    .take(size as usize)
                    .collect();
                Ok::<_, ()>(Page { items, total: None })
            }
        })));
        assert_eq!(all, Ok(vec![1, 2, 3, 4, 5]));
        assert_eq!(calls.get(), 3);

        // A total of exactly two full pages needs no third call.
        let calls = Cell::new(0);
        let all = run(collect(numbered(2, |page, _| {
            calls.set(calls.get() + 1);
            async move {
                Ok::<_, ()>(Page {
                    items: vec![page * 10, page * 10 + 1],
                    total: Some(4),
                })
            }
        })));
        assert_eq!(all, Ok(vec![10, 11, 20, 21]));
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn an_error_ends_the_stream_once() {
        let got: Vec<Result<u32, &str>> = run(numbered(1, |page, _| async move {
            if page == 2 {
                Err("boom")
            } else {
                Ok(Page {
                    items: vec![page],
                    total: None,
                })
            }
        })
        .collect());
        assert_eq!(got, vec![Ok(1), Err("boom")]);
    }

    #[test]
    fn cursors_stop_without_a_next_cursor_or_when_stuck() {
        let all = run(collect(cursored(|cursor: Option<u32>| async move {
            let at = cursor.unwrap_or(0);
            Ok::<_, ()>(CursorPage {
                items: vec![at],
                next: (at < 2).then_some(at + 1),
            })
        })));
        assert_eq!(all, Ok(vec![0, 1, 2]));

        // A server that hands back the same cursor is not followed forever.
        let all = run(collect(cursored(|_cursor: Option<u32>| async move {
            Ok::<_, ()>(CursorPage {
                items: vec![7],
                next: Some(1),
            })
        })));
        assert_eq!(all, Ok(vec![7, 7]));
    }
}
