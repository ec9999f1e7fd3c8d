//! A result row's marks, read from the result it belongs to.

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use weekly_core::query::{Highlights, QueryResult};

/// The marks of the row of entry `index` in `result`, following it while
/// the row stays mounted and the reader types.
///
/// The row's place in the result is looked at first, so a row keeps
/// finding its marks at once while pages are added below it (rows grow to
/// thousands as the reader scrolls; a search per row would cost rows² per
/// update); it is searched again only after a reorder.
///
/// Made in the row's owner, and gone with it: a memo that is disposed
/// stays among the subscribers of what it read (reactive_graph 0.2 never
/// removes it), so every keystroke walked one more dead row; the list's
/// updates slowed by 0.14 ms per 100 keys. Its subscription ends with the
/// owner.
pub fn row_highlights(result: Memo<QueryResult>, index: usize) -> Signal<Highlights> {
    let place = AtomicUsize::new(0);
    let highlights = ArcMemo::new(move |_| {
        result
            .with(|r| {
                let last = place.load(Relaxed);
                let at = match r.rows.get(last) {
                    Some(row) if row.entry == index => last,
                    _ => r.rows.iter().position(|row| row.entry == index)?,
                };
                place.store(at, Relaxed);
                Some(r.rows[at].highlights.clone())
            })
            .unwrap_or_default()
    });
    let subscriber = highlights.to_any_subscriber();
    on_cleanup(move || subscriber.clear_sources(&subscriber));
    highlights.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;
    use weekly_core::query::Row;

    /// Counts the bytes each thread holds, so tests running beside this
    /// one do not disturb it.
    struct Counting;

    thread_local! {
        static HELD: Cell<isize> = const { Cell::new(0) };
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            HELD.with(|h| h.set(h.get() + layout.size() as isize));
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            HELD.with(|h| h.set(h.get() - layout.size() as isize));
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    /// One mark, the first `end` bytes of the title.
    fn title_marks(end: usize) -> Vec<std::ops::Range<usize>> {
        vec![std::ops::Range { start: 0, end }]
    }

    fn result_of(entries: std::ops::Range<usize>, title_mark: usize) -> QueryResult {
        QueryResult {
            total: entries.len(),
            rows: entries
                .map(|entry| Row {
                    entry,
                    highlights: Highlights {
                        title: title_marks(title_mark),
                        ..Highlights::default()
                    },
                })
                .collect(),
            ..QueryResult::default()
        }
    }

    #[test]
    fn a_row_follows_its_marks_and_leaves_nothing_behind_when_it_goes() {
        let root = Owner::new();
        root.set();
        let source = RwSignal::new(result_of(0..20, 1));
        let result = Memo::new(move |_| source.get());

        // A row that stays follows its entry's marks, wherever it moves.
        let row = Owner::new();
        let marks = row.with(|| row_highlights(result, 7));
        assert_eq!(marks.get_untracked().title, title_marks(1));
        source.set(result_of(5..25, 2));
        assert_eq!(marks.get_untracked().title, title_marks(2));
        source.set(result_of(10..30, 3));
        assert_eq!(
            marks.get_untracked(),
            Highlights::default(),
            "no longer a result"
        );
        row.cleanup();

        // Rows that come and go (each read once, so subscribed) hold no
        // memory once gone: a thousand more of them leave the heap as it
        // was. (In a list of their own: an owner keeps a pointer to each
        // of its children until it is cleaned up itself.)
        let come_and_go = |rows: usize| {
            let list = Owner::new();
            list.with(|| {
                for n in 0..rows {
                    let row = Owner::new();
                    row.with(|| row_highlights(result, 10 + n % 20).with_untracked(|_| ()));
                    row.cleanup();
                }
            });
            list.cleanup();
        };
        come_and_go(1000);
        let held = HELD.with(Cell::get);
        come_and_go(1000);
        let grown = HELD.with(Cell::get) - held;
        assert!(
            grown < 1000,
            "1000 rows that went left {grown} bytes behind"
        );
    }
}
