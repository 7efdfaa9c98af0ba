//! [`NameTable`]: case-insensitive lookup of a fixed list of ASCII names, with one hash
//! probe and one comparison and no branch on the characters, built at compile time.
//! Every parser of the crate uses it.
//!
//! Two spellings are the same name when they differ only in ASCII case and in `-` versus
//! `_` (`powering-off`, `POWERING_OFF`; `confirm-resize`, `confirm_resize`): people type
//! both, and Nova itself mixes them (`soft-delete` but `shelved_offloaded`).
//!
//! The lookup is the hot path of every parse (`docs/performance.md`, `benches/parse.rs`),
//! so it is written for the machine code it becomes: everything it calls is inlined (no
//! call per parse, no words returned through memory), a name is read with at most four
//! loads and no shift by a variable amount, the hash reads the raw words (it ignores the
//! bits that case and `-`/`_` change, so it needs no folding first), and the folding of
//! `-` into `_` uses no multiplication (which the compiler turned into a long vector
//! sequence).

/// The longest name a [`NameTable`] holds, in bytes.
pub(crate) const MAX_LEN: usize = 32;

/// Number of 8-byte words in a loaded name.
const WORDS: usize = MAX_LEN / 8;

/// Number of hash slots: a power of two, several times the number of names so that a
/// collision-free multiplier is found after a few tries.
const SLOTS: usize = 512;

/// How many multipliers the compile-time search tries before giving up (a compile error).
const MAX_TRIES: u64 = 10_000;

/// A name of up to [`MAX_LEN`] bytes as little-endian words, laid out by [`load_words`].
type Words = [u64; WORDS];

/// `-` in every byte.
const DASHES: u64 = 0x2D2D_2D2D_2D2D_2D2D;

/// The low seven bits of every byte.
const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// `-` XOR `_` in every byte: what turns one into the other.
const DASH_TO_UNDERSCORE: u64 = 0x7272_7272_7272_7272;

/// The bits a hash ignores in every byte: the case bit (0x20) and the bits in which `-`
/// and `_` differ (0x52), so that every spelling of a name hashes alike without being
/// folded first. The comparison after the probe checks every bit.
const HASH_BLIND: u64 = 0x7272_7272_7272_7272;

/// Turns every `-` byte of a word into `_`, without a branch: finds the bytes equal to
/// `-` exactly (no false positives) and flips the bits that tell the two apart.
#[inline(always)]
const fn fold_dashes(word: u64) -> u64 {
    let x = word ^ DASHES;
    // 0x80 in exactly the bytes of `x` that are zero, i.e. the dashes of `word`.
    let zero = !(((x & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | x) & !LOW_SEVEN;
    // 0x7F in those bytes (no borrow crosses a byte), then only the bits that differ.
    word ^ ((zero - (zero >> 7)) & DASH_TO_UNDERSCORE)
}

/// One name of a [`NameTable`], in one 64-byte cache line.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Entry {
    /// The name, lower-cased, with `_` for `-`, laid out by [`load_words`].
    key: Words,
    /// The name's letters: 0x20 in each byte that is an ASCII letter, else 0, laid out
    /// the same way. An input matches the name when, once its `-` are folded into `_`, it
    /// differs from `key` in no other bit.
    letters: Words,
}

/// The names of one type, for case-insensitive lookup.
///
/// `names[i]` is a spelling of the value with index `values[i]`; several spellings may
/// share a value (`SHUTOFF` and `STOPPED`).
pub(crate) struct NameTable<const N: usize> {
    /// Each name's key and letters.
    entries: [Entry; N],
    /// Each name's length in bytes (the layout repeats and pads bytes, so only words and
    /// length together tell `"ab"` from `"ab\0"` or `"abb"`).
    lens: [u8; N],
    /// Each name's value index.
    values: [u8; N],
    /// `slots[hash]`: 1 + the index in `entries` of the name with that hash, 0 for none.
    slots: [u8; SLOTS],
    /// The hash multiplier, found at compile time so that no two names share a slot.
    seed: u64,
}

/// Loads a name of at most [`MAX_LEN`] bytes (the caller checks) as [`Words`], with at
/// most four loads, no byte loop and no shift by a variable amount:
///
/// * 8 bytes or more: word `w` holds the 8 bytes from `min(8 * w, len - 8)`: words past
///   the end repeat the last 8 bytes;
/// * 4 to 7 bytes: word 0 holds bytes `0..4` and `len - 4..len`, the others are 0;
/// * 1 to 3 bytes: word 0 holds bytes `0`, `len / 2` and `len - 1`, the others are 0.
///
/// Every byte lands in some word, so two names of the same length have the same words
/// exactly when they have the same bytes; [`NameTable::find`] compares lengths too.
#[inline(always)]
fn load_words(bytes: &[u8]) -> Words {
    #[inline(always)]
    fn load8(bytes: &[u8], at: usize) -> u64 {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    }
    #[inline(always)]
    fn load4(bytes: &[u8], at: usize) -> u64 {
        let mut word = [0u8; 4];
        word.copy_from_slice(&bytes[at..at + 4]);
        u64::from(u32::from_le_bytes(word))
    }
    let len = bytes.len();
    let mut words = [0u64; WORDS];
    if len >= 8 {
        for (w, word) in words.iter_mut().enumerate() {
            *word = load8(bytes, (8 * w).min(len - 8));
        }
    } else if len >= 4 {
        words[0] = load4(bytes, 0) | load4(bytes, len - 4) << 32;
    } else if len >= 1 {
        words[0] =
            u64::from(bytes[0]) | u64::from(bytes[len / 2]) << 8 | u64::from(bytes[len - 1]) << 16;
    }
    words
}

/// The `const` form of [`load_words`], byte by byte, for building tables.
const fn load_words_const(bytes: &[u8]) -> Words {
    /// The little-endian value of `count` bytes from `at`.
    const fn little_endian(bytes: &[u8], at: usize, count: usize) -> u64 {
        let mut value = 0;
        let mut i = 0;
        while i < count {
            value |= (bytes[at + i] as u64) << (8 * i);
            i += 1;
        }
        value
    }
    let len = bytes.len();
    let mut words = [0u64; WORDS];
    if len >= 8 {
        let mut w = 0;
        while w < WORDS {
            let start = if 8 * w < len - 8 { 8 * w } else { len - 8 };
            words[w] = little_endian(bytes, start, 8);
            w += 1;
        }
    } else if len >= 4 {
        words[0] = little_endian(bytes, 0, 4) | little_endian(bytes, len - 4, 4) << 32;
    } else if len >= 1 {
        words[0] = bytes[0] as u64 | (bytes[len / 2] as u64) << 8 | (bytes[len - 1] as u64) << 16;
    }
    words
}

/// The slot of a name of `len` bytes for a given multiplier. Hashes the words with
/// [`HASH_BLIND`] set, so every spelling of a name lands in its slot, combined with
/// rotations, and the length (one multiply in all). The compile-time search rejects any
/// list of names that this hash cannot tell apart.
#[inline(always)]
const fn slot(words: &Words, len: usize, seed: u64) -> usize {
    let combined = (words[0] | HASH_BLIND)
        ^ (words[1] | HASH_BLIND).rotate_left(21)
        ^ (words[2] | HASH_BLIND).rotate_left(42)
        ^ (words[3] | HASH_BLIND).rotate_left(11)
        ^ len as u64;
    (combined.wrapping_mul(seed) >> (64 - SLOTS.trailing_zeros())) as usize
}

impl<const N: usize> NameTable<N> {
    /// Builds the table at compile time; fails to compile when a name is too long, not
    /// ASCII, or listed twice.
    pub(crate) const fn new(names: [&str; N], values: [usize; N]) -> NameTable<N> {
        assert!(N < u8::MAX as usize, "too many names for a NameTable");
        let mut entries = [Entry {
            key: [0; WORDS],
            letters: [0; WORDS],
        }; N];
        let mut lens = [0u8; N];
        let mut small_values = [0u8; N];
        let mut i = 0;
        while i < N {
            let bytes = names[i].as_bytes();
            assert!(bytes.len() <= MAX_LEN, "a name is longer than MAX_LEN");
            let mut key = [0u8; MAX_LEN];
            let mut is_letter = [0u8; MAX_LEN];
            let mut b = 0;
            while b < bytes.len() {
                assert!(bytes[b].is_ascii(), "a name is not ASCII");
                key[b] = match bytes[b] {
                    b'-' => b'_',
                    byte => byte.to_ascii_lowercase(),
                };
                if bytes[b].is_ascii_alphabetic() {
                    is_letter[b] = 0x20;
                }
                b += 1;
            }
            entries[i] = Entry {
                key: load_words_const(key.split_at(bytes.len()).0),
                letters: load_words_const(is_letter.split_at(bytes.len()).0),
            };
            lens[i] = bytes.len() as u8;
            assert!(
                values[i] < u8::MAX as usize,
                "a value index does not fit a u8"
            );
            small_values[i] = values[i] as u8;
            i += 1;
        }
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut tries = 0;
        loop {
            assert!(
                tries < MAX_TRIES,
                "no collision-free hash found for a NameTable"
            );
            let mut slots = [0u8; SLOTS];
            let mut clash = false;
            let mut i = 0;
            while i < N && !clash {
                let s = slot(&entries[i].key, lens[i] as usize, seed);
                clash = slots[s] != 0;
                slots[s] = i as u8 + 1;
                i += 1;
            }
            if !clash {
                return NameTable {
                    entries,
                    lens,
                    values: small_values,
                    slots,
                    seed,
                };
            }
            seed = seed.wrapping_add(0x6A09_E667_F3BC_C909) | 1;
            tries += 1;
        }
    }

    /// The value index of `name`, ignoring ASCII case and `-` versus `_`; `None` for any
    /// other input.
    ///
    /// `inline(always)`: a parser is this probe and little else, and a call (with the
    /// words returned through memory) costs more than the probe itself.
    #[inline(always)]
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let bytes = name.as_bytes();
        let len = bytes.len();
        if len > MAX_LEN {
            return None;
        }
        let words = load_words(bytes);
        let i = usize::from(self.slots[slot(&words, len, self.seed)]).checked_sub(1)?;
        let entry = self.entries.get(i)?;
        let mut differ = 0;
        // Indexed rather than zipped: the zipped form compiled to a slightly longer loop
        // (measured 2-3% slower).
        #[allow(clippy::needless_range_loop)]
        for w in 0..WORDS {
            differ |= (fold_dashes(words[w]) ^ entry.key[w]) & !entry.letters[w];
        }
        if differ == 0 && usize::from(self.lens[i]) == len {
            Some(usize::from(self.values[i]))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: NameTable<4> =
        NameTable::new(["shutoff", "STOPPED", "a_b-c", "x@[`{"], [0, 0, 1, 2]);

    #[test]
    fn finds_every_name_in_any_case() {
        for name in ["shutoff", "SHUTOFF", "ShutOff", "stopped", "Stopped"] {
            assert_eq!(TABLE.find(name), Some(0), "{name}");
        }
        assert_eq!(TABLE.find("A_B-C"), Some(1));
        // `-` and `_` are the same in every name.
        for name in ["a_b_c", "a-b-c", "A-B_C"] {
            assert_eq!(TABLE.find(name), Some(1), "{name}");
        }
        assert_eq!(TABLE.find("X@[`{"), Some(2));
    }

    #[test]
    fn rejects_near_misses() {
        for name in [
            "",
            "shutof",
            "shutoff ",
            "shutoff\0",
            "a\u{7f}b-c",
            "a_b\rc",
            "A\u{7f}B-C",
            "ſhutoff",
            "SHUTOFF\u{e9}",
            "a_b-c_long_name_padding_padding_xyz",
            "x`[`{",
            "X@{`{",
        ] {
            assert_eq!(TABLE.find(name), None, "{name:?}");
        }
    }

    #[test]
    fn folding_dashes_touches_nothing_else() {
        for byte in 0..=255u8 {
            let word = u64::from_le_bytes([byte, b'-', 0, 0xAD, b'_', 0x2C, 0x2E, byte]);
            let expected: Vec<u8> = word
                .to_le_bytes()
                .iter()
                .map(|&b| if b == b'-' { b'_' } else { b })
                .collect();
            assert_eq!(
                fold_dashes(word).to_le_bytes().to_vec(),
                expected,
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn loading_words_agrees_with_the_const_load() {
        let text = b"ab-cd_EF-gh_ij-kl_MN-op_qr-st_uv-wx";
        for start in 0..text.len() {
            for end in start..=text.len().min(start + MAX_LEN) {
                let bytes = &text[start..end];
                let folded: Vec<u8> = bytes
                    .iter()
                    .map(|&b| if b == b'-' { b'_' } else { b })
                    .collect();
                assert_eq!(
                    load_words(bytes).map(fold_dashes),
                    load_words_const(&folded),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn every_byte_lands_in_the_words() {
        // Two names of the same length differ in their words when they differ in any
        // one byte, at any position of any length.
        let text = [b'a'; MAX_LEN];
        for len in 1..=MAX_LEN {
            let words = load_words(&text[..len]);
            for position in 0..len {
                let mut changed = text;
                changed[position] = b'b';
                assert_ne!(load_words(&changed[..len]), words, "{len} {position}");
            }
        }
    }

    #[test]
    fn agrees_with_eq_ignore_ascii_case_on_every_short_ascii_string() {
        // Every string of up to three bytes over an alphabet that holds each case-bit
        // trap ('@' and '`', '_' and DEL, '-' and CR, letters), against one table.
        const TRAPS: NameTable<3> = NameTable::new(["a_", "-@z", "_"], [0, 1, 2]);
        let alphabet = [
            b'a', b'A', b'z', b'Z', b'_', 0x7f, b'-', b'\r', b'@', b'`', 0,
        ];
        let names = ["a_", "-@z", "_"];
        let mut inputs = vec![Vec::new()];
        for len in 1..=3 {
            let mut next = Vec::new();
            for prefix in inputs.iter().filter(|p| p.len() == len - 1) {
                for &byte in &alphabet {
                    let mut input = prefix.clone();
                    input.push(byte);
                    next.push(input);
                }
            }
            inputs.extend(next);
        }
        for input in inputs {
            let text = std::str::from_utf8(&input).unwrap();
            let fold = |s: &str| s.to_ascii_lowercase().replace('-', "_");
            let expected = names.iter().position(|n| fold(n) == fold(text));
            assert_eq!(TRAPS.find(text), expected, "{text:?}");
        }
    }
}
