//! The core's sort of integers: pairs of a packed key and a payload.
//!
//! Every ordering the engine needs (results by rank, years newest first,
//! highlight ranges, posting lists by length ...) is a sort of such pairs,
//! so the wasm carries one instantiation of the standard library's sort
//! instead of one per key type and comparator (each is several kilobytes).
//! The only other sort is the index vocabulary's, of words.

/// Sorts by key, then by payload: with distinct payloads (indices), the
/// order is total, so the result does not depend on the sort's stability.
pub fn sort_pairs(pairs: &mut [(u64, u32)]) {
    pairs.sort_unstable();
}

/// `items` (distinct indices) ordered by `key`, ties by the item itself:
/// the everyday use of [`sort_pairs`].
pub fn by_key(items: impl IntoIterator<Item = u32>, key: impl Fn(u32) -> u64) -> Vec<u32> {
    let mut pairs: Vec<(u64, u32)> = items.into_iter().map(|i| (key(i), i)).collect();
    sort_pairs(&mut pairs);
    pairs.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_sort_by_key_then_payload() {
        let mut pairs = vec![(3, 0), (1, 9), (3, 1), (0, 5), (1, 2)];
        sort_pairs(&mut pairs);
        assert_eq!(pairs, vec![(0, 5), (1, 2), (1, 9), (3, 0), (3, 1)]);
    }

    #[test]
    fn items_order_by_key_then_by_item() {
        let rank = [30, 10, 20, 10];
        assert_eq!(by_key([0, 3, 1, 2], |i| rank[i as usize]), vec![1, 3, 2, 0]);
        assert_eq!(by_key([], |_| 0), Vec::<u32>::new());
    }
}
