//! The translations: every locale has every message, attribute and variable of the reference
//! (fr), every message formats without a Fluent error, and each kind of mistake is reported.

use std::path::Path;

use tremplin::engine::Msg;
use tremplin::i18n::{Isolation, LocaleSource, Locales};

fn src(tag: &str, files: &[(&str, &str)]) -> LocaleSource {
    LocaleSource {
        tag: tag.into(),
        files: files
            .iter()
            .map(|(n, t)| ((*n).into(), format!("locales/{tag}/{n}"), (*t).into()))
            .collect(),
    }
}

fn problems(sources: Vec<LocaleSource>) -> Vec<String> {
    match Locales::from_sources(sources) {
        Ok(_) => Vec::new(),
        Err(p) => p.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_project_locales_are_complete() {
    let locales = Locales::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
        .unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(locales.tags()[0], "fr");
    assert!(locales.tags().len() >= 2);
}

#[test]
fn each_kind_of_mistake_is_reported() {
    let fr = "hello = Bonjour { $name }\nbye = Au revoir\n    .synonyms = salut\nonly-fr = x\n";
    let en = |text: &str| vec![src("fr", &[("a.ftl", fr)]), src("en", &[("a.ftl", text)])];
    let cases: Vec<(Vec<LocaleSource>, Vec<&str>)> = vec![
        (
            en("hello = Hello\nbye = Bye\nonly-fr = x\n"),
            vec![
                "locales/en/a.ftl: line 1: message 'hello': variable '$name' differs from the reference",
                "locales/en/a.ftl: line 2: message 'bye': attribute '.synonyms' missing",
            ],
        ),
        (
            en("hello = Hi { $name }\nbye = Bye\n    .synonyms = ciao\nextra = y\n"),
            vec![
                "locales/en/a.ftl: line 4: message 'extra' is not in the reference locale",
                "locales/en/a.ftl: message 'only-fr' missing (line 4 of locales/fr/a.ftl)",
            ],
        ),
        (
            en("hello = Hi { $name\nbye = Bye\n    .synonyms = x\nonly-fr = x\n"),
            vec![
                "locales/en/a.ftl: line 1: Expected a token starting with \"}\"",
                "locales/en/a.ftl: message 'hello' missing (line 1 of locales/fr/a.ftl)",
            ],
        ),
        (
            vec![
                src("fr", &[("a.ftl", fr), ("b.ftl", "more = plus\n")]),
                src(
                    "en",
                    &[(
                        "a.ftl",
                        "hello = Hi { $name }\nbye = Bye\n    .synonyms = x\nonly-fr = x\n",
                    )],
                ),
            ],
            vec![
                "locales/en/b.ftl: file missing (present in fr)",
                "locales/en/b.ftl: message 'more' missing (line 1 of locales/fr/b.ftl)",
            ],
        ),
        (
            vec![src("en", &[("a.ftl", "hello = Hi\n")])],
            vec!["locales: the reference locale 'fr' is missing"],
        ),
        (
            vec![src(
                "fr",
                &[("a.ftl", "hello = Bonjour { missing-term }\n")],
            )],
            vec![
                "locales/fr/a.ftl: line 1: message 'hello': Resolver error: Unknown message: missing-term",
            ],
        ),
    ];
    for (sources, expected) in cases {
        let got = problems(sources);
        assert_eq!(got, expected);
    }
}

#[test]
fn negotiation_falls_back_to_french() {
    let locales = Locales::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")).unwrap();
    assert_eq!(locales.negotiate(Some("en-GB")), "en");
    assert_eq!(locales.negotiate(Some("en")), "en");
    assert_eq!(locales.negotiate(Some("zz")), "fr");
    assert_eq!(locales.negotiate(Some("not a tag!")), "fr");
    assert_eq!(locales.negotiate(None), "fr");
}

#[test]
fn plain_rendering_has_no_isolation_marks() {
    let locales = Locales::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")).unwrap();
    let msg = Msg::new("miss-too-long").arg("max", 500);
    let plain = locales.render("fr", &msg, Isolation::Plain);
    assert_eq!(
        plain,
        "Votre message est trop long : 500 caractères au plus."
    );
    let isolated = locales.render("fr", &msg, Isolation::Isolated);
    assert!(
        isolated.contains('\u{2068}'),
        "isolation marks expected around placeables: {isolated:?}"
    );
    // A message missing in a locale falls back to the reference, never to nothing.
    assert_eq!(
        locales.render("xx", &Msg::new("answer-yes"), Isolation::Plain),
        "Oui"
    );
}

#[test]
fn a_slot_button_says_its_day_and_time_briefly_in_every_locale() {
    use tremplin::channels::telegram::MAX_LABEL_CHARS;
    use tremplin::engine::Arg;
    let locales = Locales::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("locales"))
        .unwrap_or_else(|p| panic!("{p}"));
    // Wednesday 2 December 2026, 9:45 in Paris, and a place with a long name.
    let slot = Msg::new("booking-offer")
        .arg("when", Arg::Instant(1_796_201_100))
        .arg("format", Msg::new("format-on-site"))
        .arg(
            "place",
            "Agence France Travail Tours Nord (accueil du 2e étage)",
        );
    for tag in locales.tags() {
        let full = locales.render(tag, &slot, Isolation::Plain);
        let short = locales
            .render_button(tag, &slot)
            .unwrap_or_else(|| panic!("{tag}: a slot has a short form"));
        // Room for "12 · " before it.
        assert!(
            short.chars().count() <= MAX_LABEL_CHARS - 5,
            "{tag}: {short}"
        );
        assert!(
            short.contains('2') && short.contains("45"),
            "{tag}: {short}"
        );
        assert!(
            !short.contains('(') && !short.contains("Agence"),
            "{tag}: {short}"
        );
        assert!(full.contains("Agence"), "{tag}: {full}");
        // A message without a short form has none.
        assert!(
            locales
                .render_button(tag, &Msg::new("booking-more"))
                .is_none()
        );
    }
    assert_eq!(
        locales.render_button("fr", &slot).unwrap(),
        "mer. 2 déc. 9 h 45"
    );
    assert_eq!(
        locales.render_button("en", &slot).unwrap(),
        "Wed 2 Dec 9:45"
    );
}
