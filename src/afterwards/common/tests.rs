//! Tests of what export and report share.

use super::*;

#[test]
fn parallel_map_keeps_the_order_and_passes_a_panic_on() {
    let items: Vec<u64> = (0..500).collect();
    // Uneven work, so the workers finish out of order.
    let out = parallel_map(&items, |&n| {
        if n % 7 == 0 {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        n * 2
    });
    assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    assert!(parallel_map(&[] as &[u64], |&n| n).is_empty());
    assert_eq!(parallel_map(&[3u64], |&n| n + 1), vec![4]);
    let panicked = std::panic::catch_unwind(|| {
        parallel_map(&items, |&n| {
            assert!(n != 321, "item 321");
            n
        })
    });
    assert!(panicked.is_err(), "a panic in one item must not be dropped");
}

#[test]
fn cells_have_no_pipes_or_breaks() {
    assert_eq!(cell("a | b\nc"), "a \\| b c");
}
