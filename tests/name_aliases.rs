//! Nova's action and instance-action names (`Event::NOVA_ALIASES`) parse as the events
//! they name, in any ASCII case and with `-` or `_`, through every parsing entry point;
//! and they stay out of error messages, which list the event names only.
//!
//! The alias lookup is a second table, consulted only when the name table has no match:
//! this test is what fails if that path is lost.

use server_lifecycle::Event;

/// `name` as written, in upper and lower case, and with every `-` as `_` and back.
fn spellings(name: &str) -> Vec<String> {
    let mut spellings = vec![
        name.to_owned(),
        name.to_ascii_uppercase(),
        name.to_ascii_lowercase(),
        name.replace('-', "_"),
        name.replace('_', "-"),
    ];
    spellings.sort();
    spellings.dedup();
    spellings
}

#[test]
fn every_alias_parses_as_its_event_in_any_spelling() {
    assert!(Event::NOVA_ALIASES.len() > 10);
    for &(alias, event) in Event::NOVA_ALIASES {
        for spelling in spellings(alias) {
            assert_eq!(Event::parse_known(&spelling), Some(event), "{spelling:?}");
            assert_eq!(Event::parse(&spelling), Ok(event), "{spelling:?}");
            assert_eq!(spelling.parse::<Event>(), Ok(event), "{spelling:?}");
            assert_eq!(
                Event::try_from(spelling.as_str()),
                Ok(event),
                "{spelling:?}"
            );
        }
    }
}

#[test]
fn a_near_miss_of_an_alias_is_refused() {
    for &(alias, _) in Event::NOVA_ALIASES {
        for near_miss in [
            format!("{alias}x"),
            format!("x{alias}"),
            alias[1..].to_owned(),
        ] {
            let known = Event::NAMES
                .iter()
                .chain(Event::NOVA_ALIASES.iter().map(|(name, _)| name))
                .any(|name| {
                    name.to_ascii_lowercase().replace('-', "_")
                        == near_miss.to_ascii_lowercase().replace('-', "_")
                });
            if !known {
                assert_eq!(Event::parse_known(&near_miss), None, "{near_miss:?}");
            }
        }
    }
}

#[test]
fn errors_list_the_event_names_not_the_aliases() {
    let error = Event::parse("no such event").unwrap_err();
    assert_eq!(error.expected(), Event::NAMES);
    for &(alias, _) in Event::NOVA_ALIASES {
        assert!(!error.expected().contains(&alias), "{alias}");
    }
}
