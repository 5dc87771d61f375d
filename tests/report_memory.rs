//! The Markdown report keeps a digest of every group while it reads a
//! folder (10,000 groups at a time: issue 16's peak memory target): a
//! digest may hold little more than the Markdown of the group's notes and
//! quotes, never the participants' answers or the session's lists.
//!
//! This file counts the bytes on the heap itself (its own global
//! allocator), so it holds this one test: another running beside it would
//! be counted too.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use facilitator::afterwards::common::Group;
use facilitator::afterwards::demo;
use facilitator::afterwards::report::{Digest, Item};
use facilitator::domain::ideas::Coverage;
use facilitator::stimulus::embedded;

/// The system's allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

fn count(bytes: usize, sign: isize) {
    LIVE.fetch_add(sign * bytes as isize, Ordering::Relaxed);
}

// SAFETY: every call is handed to the system's allocator unchanged; only
// the sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size(), 1);
        // SAFETY: the caller's layout, as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(layout.size(), -1);
        // SAFETY: as given, allocated by `alloc` above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size(), 1);
        // SAFETY: the caller's layout, as given.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size, 1);
        count(layout.size(), -1);
        // SAFETY: as given, allocated by this allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

#[test]
fn a_digest_is_about_the_size_of_what_the_report_prints_of_its_group() {
    let pack = embedded();
    let cov = Coverage::default();
    let (mut text, mut kept, mut answered) = (0, 0, 0);
    for index in 0..40 {
        let s = demo::generate(&pack, 1, index, &cov).unwrap();
        let mut g = Group::new(&pack, s.events().to_vec(), false);
        g.session.drop_timeline();
        answered += g
            .state()
            .questionnaires
            .values()
            .map(|by| by.len())
            .sum::<usize>();
        let before = live();
        let d = Digest::of(&g);
        let bytes = usize::try_from(live() - before).unwrap();
        // Beyond the printed text and its items' places: the summary (a
        // few names), the profile's three fields, a tally per question
        // answered and a handful of short lists. (A digest that kept the
        // answers themselves, a map per participant, held 3 times this.)
        let slack = d.items.len() * std::mem::size_of::<Item>() + 2048;
        assert!(
            bytes <= d.text.len() + slack,
            "group {index}: its digest holds {bytes} bytes for {} of text and {} items",
            d.text.len(),
            d.items.len()
        );
        text += d.text.len();
        kept += bytes;
        drop(d);
    }
    // The demo groups did answer questionnaires (counted, not kept), and
    // said things.
    assert!(answered > 100, "{answered} participants answered");
    assert!(text > 40 * 1000, "{text} bytes of text");
    assert!(
        kept < text * 16 / 10,
        "{kept} bytes kept for {text} of text"
    );
}
