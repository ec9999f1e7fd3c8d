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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_sort_by_key_then_payload() {
        let mut pairs = vec![(3, 0), (1, 9), (3, 1), (0, 5), (1, 2)];
        sort_pairs(&mut pairs);
        assert_eq!(pairs, vec![(0, 5), (1, 2), (1, 9), (3, 0), (3, 1)]);
    }
}
