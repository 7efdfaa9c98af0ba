//! [`NameTable`]: case-insensitive lookup of a fixed list of ASCII names, with one hash
//! probe and one comparison and no branch on the characters, built at compile time.
//! Every parser of the crate uses it.
//!
//! Two spellings are the same name when they differ only in ASCII case and in `-` versus
//! `_` (`powering-off`, `POWERING_OFF`; `confirm-resize`, `confirm_resize`): people type
//! both, and Nova itself mixes them (`soft-delete` but `shelved_offloaded`).

/// The longest name a [`NameTable`] holds, in bytes.
pub(crate) const MAX_LEN: usize = 32;

/// Number of 8-byte words in a padded name.
const WORDS: usize = MAX_LEN / 8;

/// Number of hash slots: a power of two, several times the number of names so that a
/// collision-free multiplier is found after a few tries.
const SLOTS: usize = 512;

/// How many multipliers the compile-time search tries before giving up (a compile error).
const MAX_TRIES: u64 = 10_000;

/// Bit 0x20 in every byte: the bit that tells an ASCII letter's cases apart.
const CASE_BITS: u64 = 0x2020_2020_2020_2020;

/// A name zero-padded to [`MAX_LEN`] bytes, as little-endian words.
type Words = [u64; WORDS];

/// `-` in every byte.
const DASHES: u64 = 0x2D2D_2D2D_2D2D_2D2D;

/// The low seven bits of every byte.
const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// `-` XOR `_`: what turns one into the other.
const DASH_TO_UNDERSCORE: u64 = 0x2D ^ 0x5F;

/// Turns every `-` byte of a word into `_`, without a branch: finds the bytes equal to
/// `-` exactly (no false positives) and flips the bits that tell the two apart.
#[inline]
const fn fold_dashes(word: u64) -> u64 {
    let x = word ^ DASHES;
    // 0x80 in exactly the bytes of `x` that are zero, i.e. the dashes of `word`.
    let zero = !(((x & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | x | LOW_SEVEN);
    word ^ ((zero >> 7) * DASH_TO_UNDERSCORE)
}

/// The names of one type, for case-insensitive lookup.
///
/// `names[i]` is a spelling of the value with index `values[i]`; several spellings may
/// share a value (`SHUTOFF` and `STOPPED`).
pub(crate) struct NameTable<const N: usize> {
    /// Each name, lower-cased and padded.
    keys: [Words; N],
    /// Each name's letters: [`CASE_BITS`] where the name has an ASCII letter, else 0.
    /// An input matches a name when it differs from the lower-cased name in no other bit.
    letters: [Words; N],
    /// Each name's length in bytes (padding is zero, so the length tells `"ab"` from
    /// `"ab\0"`).
    lens: [u8; N],
    /// Each name's value index.
    values: [u8; N],
    /// `slots[hash]`: 1 + the index in `keys` of the name with that hash, 0 for none.
    slots: [u8; SLOTS],
    /// The hash multiplier, found at compile time so that no two names share a slot.
    seed: u64,
}

/// Loads up to [`MAX_LEN`] bytes as zero-padded little-endian words, with whole-word
/// loads (overlapping at the tail) rather than a byte loop.
#[inline]
fn load_padded(bytes: &[u8]) -> Words {
    fn load8(bytes: &[u8]) -> u64 {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[..8]);
        u64::from_le_bytes(word)
    }
    fn load4(bytes: &[u8]) -> u64 {
        let mut word = [0u8; 4];
        word.copy_from_slice(&bytes[..4]);
        u64::from(u32::from_le_bytes(word))
    }
    fn load2(bytes: &[u8]) -> u64 {
        u64::from(u16::from_le_bytes([bytes[0], bytes[1]]))
    }
    let len = bytes.len();
    let mut words = [0u64; WORDS];
    if len >= 8 {
        // Without branches on the length: word `w` is loaded from the last 8 bytes that
        // start at or before byte `8 * w`, shifted so byte `8 * w` comes first, and
        // cleared when the name ends before it.
        for (w, word) in words.iter_mut().enumerate() {
            let wanted = 8 * w;
            let start = wanted.min(len - 8);
            let shift = (8 * (wanted - start)) as u32;
            let loaded = load8(&bytes[start..]).checked_shr(shift).unwrap_or(0);
            *word = if wanted < len { loaded } else { 0 };
        }
    } else if len >= 4 {
        // Bytes that overlap are loaded twice into the same positions: OR keeps them.
        words[0] = load4(bytes) | load4(&bytes[len - 4..]) << (8 * (len - 4));
    } else if len >= 2 {
        words[0] = load2(bytes) | load2(&bytes[len - 2..]) << (8 * (len - 2));
    } else if len == 1 {
        words[0] = u64::from(bytes[0]);
    }
    for word in &mut words {
        *word = fold_dashes(*word);
    }
    words
}

/// The `const` form of [`load_padded`], for building tables.
const fn load_padded_const(bytes: &[u8]) -> Words {
    let mut words = [0u64; WORDS];
    let mut i = 0;
    while i < bytes.len() {
        let byte = if bytes[i] == b'-' { b'_' } else { bytes[i] };
        words[i / 8] |= (byte as u64) << (8 * (i % 8));
        i += 1;
    }
    words
}

/// The slot of a name for a given multiplier. Hashes the words with [`CASE_BITS`] set,
/// so every case variant of a name lands in its slot; combines the words with rotations
/// (one multiply in all). The compile-time search rejects any list of names that this
/// hash cannot tell apart.
#[inline]
const fn slot(words: &Words, seed: u64) -> usize {
    let combined = (words[0] | CASE_BITS)
        ^ (words[1] | CASE_BITS).rotate_left(21)
        ^ (words[2] | CASE_BITS).rotate_left(42)
        ^ (words[3] | CASE_BITS).rotate_left(11);
    (combined.wrapping_mul(seed) >> (64 - SLOTS.trailing_zeros())) as usize
}

impl<const N: usize> NameTable<N> {
    /// Builds the table at compile time; fails to compile when a name is too long, not
    /// ASCII, or listed twice.
    pub(crate) const fn new(names: [&str; N], values: [usize; N]) -> NameTable<N> {
        assert!(N < u8::MAX as usize, "too many names for a NameTable");
        let mut keys = [[0u64; WORDS]; N];
        let mut letters = [[0u64; WORDS]; N];
        let mut lens = [0u8; N];
        let mut small_values = [0u8; N];
        let mut i = 0;
        while i < N {
            let bytes = names[i].as_bytes();
            assert!(bytes.len() <= MAX_LEN, "a name is longer than MAX_LEN");
            let mut lower = [0u8; MAX_LEN];
            let mut is_letter = [0u8; MAX_LEN];
            let mut b = 0;
            while b < bytes.len() {
                assert!(bytes[b].is_ascii(), "a name is not ASCII");
                lower[b] = bytes[b].to_ascii_lowercase();
                if bytes[b].is_ascii_alphabetic() {
                    is_letter[b] = 0x20;
                }
                b += 1;
            }
            keys[i] = load_padded_const(&lower);
            letters[i] = load_padded_const(&is_letter);
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
                let s = slot(&keys[i], seed);
                clash = slots[s] != 0;
                slots[s] = i as u8 + 1;
                i += 1;
            }
            if !clash {
                return NameTable {
                    keys,
                    letters,
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
    #[inline]
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let bytes = name.as_bytes();
        if bytes.len() > MAX_LEN {
            return None;
        }
        let words = load_padded(bytes);
        let i = usize::from(self.slots[slot(&words, self.seed)]).checked_sub(1)?;
        let (key, letters) = (&self.keys[i], &self.letters[i]);
        let mut differ = 0;
        for w in 0..WORDS {
            differ |= (words[w] ^ key[w]) & !letters[w];
        }
        if differ == 0 && usize::from(self.lens[i]) == bytes.len() {
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
        let text = b"abcdefghijklmnopqrstuvwxyz0123456";
        for start in 0..text.len() {
            for end in start..=text.len().min(start + MAX_LEN) {
                let bytes = &text[start..end];
                assert_eq!(
                    load_padded(bytes),
                    load_padded_const(bytes),
                    "{start}..{end}"
                );
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
