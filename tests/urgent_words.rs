//! Urgent situations told in the person's own words: the phrasing tables of every locale
//! (each must be recognised as its kind), ordinary sentences that must not be, the lexicon's
//! checks, and the promise end to end: by SMS (answered at once, nothing stored before
//! consent, flagged for staff after), on Telegram and in the terminal.

mod support;

use std::sync::Arc;

use axum::http::StatusCode;
use support::twilio;
use tower::ServiceExt;
use tremplin::core::{Channel, ConvKey};
use tremplin::web::{AppState, app};

/// A kind of urgency and phrasings of it.
type Kind = (&'static str, Vec<&'static str>);

/// (kind, phrasings) per locale: every phrasing must be read as its kind.
fn tables() -> Vec<(&'static str, Vec<Kind>)> {
    vec![
        (
            "fr",
            vec![
                (
                    "violence",
                    vec![
                        "Mon mari me frappe",
                        "il me bat depuis des années",
                        "mon copain ma frapper hier soir",
                        "Je subis des violences conjugales",
                        "violences a la maison",
                        "elle est victime de violence de la part de son conjoint",
                        "jai ete violee",
                        "mon ex me harcèle",
                        "il me tabasse quand il boit",
                        "mon conjoint est violent avec moi",
                        "J'ai subi une agression sexuelle",
                        "il me tape dessus tout le temps",
                        "ma soeur est une femme battue",
                        "violances conjugales",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "Je dors dehors ce soir",
                        "je vais dormir dehors",
                        "on m'a mis dehors",
                        "je ne sais pas où dormir ce soir",
                        "je suis a la rue depuis hier",
                        "il est SDF",
                        "Je n'ai nulle part où dormir",
                        "je dors dehor",
                        "ma fille dort dans la rue",
                        "je dors dans ma voiture depuis une semaine",
                        "pas de logement ce soir",
                        "on dort dehors avec les enfants",
                        "mon propriétaire m'a expulsée aujourd'hui",
                        "je suis sans abri",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "je veux me suicider",
                        "j'ai envie de mourir",
                        "jai des idees noires",
                        "je pense à en finir avec la vie",
                        "mon frère parle de se suicider",
                        "je n'ai plus envie de vivre",
                        "je vais me foutre en l'air",
                        "je veux mettre fin a mes jours",
                        "j'ai pensé au suicide",
                        "je veux mourir",
                        "je suis suicidaire",
                        "envie d'en finir",
                        "marre de la vie",
                        "des idées noirs",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "mon enfant est en danger",
                        "il frappe mes enfants",
                        "mon mari bat mon fils",
                        "j'ai peur pour mes enfants",
                        "la voisine maltraite ses enfants",
                        "mes enfants sont en danger",
                        "il a frappé ma fille",
                        "mon bebe est en danger",
                        "enfants en danger a la maison",
                        "mon ex touche ma fille",
                        "il tape les enfants",
                        "son beau-père frappe le petit",
                        "mon enfan est en danger",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "je n'ai rien à manger",
                        "on a faim",
                        "mes enfants ont faim",
                        "j'ai pas mangé depuis deux jours",
                        "le frigo est vide",
                        "je meurs de faim",
                        "on n'a plus rien a manger",
                        "jai faim",
                        "il me faut un colis alimentaire",
                        "je peux pas nourrir mes enfants",
                        "ya rien dans le frigo",
                        "pas de quoi manger ce soir",
                        "je saute des repas",
                    ],
                ),
                (
                    "danger",
                    vec![
                        "je suis en danger",
                        "il va me tuer",
                        "j'ai peur pour ma vie",
                        "il me menace de mort",
                        "je ne me sens pas en sécurité",
                        "il m'attend devant chez moi",
                        "au secours",
                        "elle est en danger",
                        "il a une arme",
                        "mon ex me poursuit",
                        "jsuis en dangé",
                        "j'ai peur de rentrer chez moi",
                        "il veut me tuer",
                    ],
                ),
            ],
        ),
        (
            "en",
            vec![
                (
                    "violence",
                    vec![
                        "my husband hits me",
                        "she is a victim of domestic violence",
                        "he beats me when he drinks",
                        "I was raped",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "I am sleeping outside tonight",
                        "im homeless",
                        "nowhere to sleep tonight",
                        "he kicked me out",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "I want to kill myself",
                        "i want to die",
                        "he talks about suicide",
                        "i have dark thoughts",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "my child is in danger",
                        "he hits my kids",
                        "I'm afraid for my children",
                        "my kids are in danger",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "we have nothing to eat",
                        "my children are hungry",
                        "I haven't eaten for two days",
                        "the fridge is empty",
                    ],
                ),
                (
                    "danger",
                    vec![
                        "I am in danger",
                        "he is going to kill me",
                        "I don't feel safe",
                        "he threatens me",
                    ],
                ),
            ],
        ),
        (
            "ar",
            vec![
                (
                    "violence",
                    vec![
                        "زوجي يضربني",
                        "أعاني من العنف الأسري",
                        "هو يعنفني كل يوم",
                        "تعرضت لاعتداء جنسي",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "أنام في الشارع",
                        "أنا بلا مأوى",
                        "ليس لدي مكان للنوم الليلة",
                        "طردني من البيت",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "أفكر في الانتحار",
                        "أريد أن أموت",
                        "عندي أفكار سوداء",
                        "أريد أن أقتل نفسي",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "طفلي في خطر",
                        "يضرب أطفالي",
                        "أخاف على أطفالي",
                        "ابنتي في خطر",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "لا يوجد طعام في البيت",
                        "أنا جائع",
                        "أطفالي جائعون",
                        "الثلاجة فارغة",
                    ],
                ),
                (
                    "danger",
                    vec!["أنا في خطر", "يهددني بالقتل", "لا أشعر بالأمان", "سيقتلني"],
                ),
            ],
        ),
        (
            "uk",
            vec![
                (
                    "violence",
                    vec![
                        "чоловік б'є мене",
                        "мене бʼють вдома",
                        "я жертва домашнього насильства",
                        "він побив мене",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "я сплю на вулиці",
                        "мені ніде спати",
                        "я опинилася на вулиці",
                        "я безхатько",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "я не хочу жити",
                        "хочу померти",
                        "думаю про самогубство",
                        "у мене чорні думки",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "моя дитина в небезпеці",
                        "він б'є дітей",
                        "я боюся за дітей",
                        "діти в небезпеці",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "нам нічого їсти",
                        "немає їжі",
                        "діти голодні",
                        "холодильник порожній",
                    ],
                ),
                (
                    "danger",
                    vec![
                        "я в небезпеці",
                        "він хоче мене вбити",
                        "погрожує мені",
                        "я не почуваюся в безпеці",
                    ],
                ),
            ],
        ),
        (
            "ru",
            vec![
                (
                    "violence",
                    vec![
                        "муж бьёт меня",
                        "меня избивают дома",
                        "я жертва домашнего насилия",
                        "он избил меня",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "я сплю на улице",
                        "мне негде ночевать",
                        "я бездомный",
                        "меня выгнали из дома",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "я не хочу жить",
                        "хочу умереть",
                        "думаю о самоубийстве",
                        "у меня мрачные мысли",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "мой ребёнок в опасности",
                        "он бьёт детей",
                        "я боюсь за детей",
                        "дети в опасности",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "нам нечего есть",
                        "нет еды дома",
                        "дети голодные",
                        "холодильник пустой",
                    ],
                ),
                (
                    "danger",
                    vec![
                        "я в опасности",
                        "он хочет меня убить",
                        "угрожает мне",
                        "я не чувствую себя в безопасности",
                    ],
                ),
            ],
        ),
        (
            "es",
            vec![
                (
                    "violence",
                    vec![
                        "mi marido me pega",
                        "sufro violencia de género",
                        "me maltrata cada día",
                        "fui violada",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "duermo en la calle",
                        "no tengo dónde dormir",
                        "estoy sin hogar",
                        "me echaron de casa",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "quiero morir",
                        "pienso en suicidarme",
                        "no quiero vivir",
                        "quiero quitarme la vida",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "mi hijo está en peligro",
                        "pega a mis hijos",
                        "tengo miedo por mis hijos",
                        "niños en peligro en casa",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "no tengo comida",
                        "tenemos hambre",
                        "no hemos comido desde ayer",
                        "nada para comer",
                    ],
                ),
                (
                    "danger",
                    vec![
                        "estoy en peligro",
                        "me va a matar",
                        "me amenaza de muerte",
                        "no me siento segura",
                    ],
                ),
            ],
        ),
        (
            "pt",
            vec![
                (
                    "violence",
                    vec![
                        "o meu marido bate-me",
                        "sofro violência doméstica",
                        "ele espanca-me",
                        "fui violada",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "durmo na rua",
                        "não tenho onde dormir",
                        "estou sem abrigo",
                        "puseram-me na rua",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "quero morrer",
                        "penso em suicídio",
                        "não quero viver",
                        "quero acabar com a minha vida",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "o meu filho está em perigo",
                        "bate nos meus filhos",
                        "tenho medo pelos meus filhos",
                        "crianças em perigo",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "não tenho comida",
                        "temos fome",
                        "não comi nada hoje",
                        "nada para comer",
                    ],
                ),
                (
                    "danger",
                    vec![
                        "estou em perigo",
                        "ele vai matar-me",
                        "ameaça-me de morte",
                        "não me sinto segura",
                    ],
                ),
            ],
        ),
        (
            "tr",
            vec![
                (
                    "violence",
                    vec![
                        "kocam beni dövüyor",
                        "aile içi şiddet görüyorum",
                        "bana vuruyor",
                        "tecavüze uğradım",
                    ],
                ),
                (
                    "no_housing_tonight",
                    vec![
                        "sokakta yatıyorum",
                        "kalacak yerim yok",
                        "evsizim",
                        "evden kovuldum",
                    ],
                ),
                (
                    "suicide",
                    vec![
                        "intihar etmek istiyorum",
                        "ölmek istiyorum",
                        "yaşamak istemiyorum",
                        "kendimi öldürmek istiyorum",
                    ],
                ),
                (
                    "child_danger",
                    vec![
                        "çocuğum tehlikede",
                        "çocuklarımı dövüyor",
                        "çocuklarım için korkuyorum",
                        "kızım tehlikede",
                    ],
                ),
                (
                    "no_food",
                    vec![
                        "evde yemek yok",
                        "açız",
                        "günlerdir yemedim",
                        "buzdolabı boş",
                    ],
                ),
                (
                    "danger",
                    vec![
                        "tehlikedeyim",
                        "beni öldürecek",
                        "beni tehdit ediyor",
                        "kendimi güvende hissetmiyorum",
                    ],
                ),
            ],
        ),
    ]
}

/// Ordinary sentences, in French, that must not be read as an urgent situation.
const ORDINARY: &[&str] = &[
    "je cherche un emploi d'agent de sécurité",
    "je veux travailler dans la sécurité",
    "je cherche un travail dans la petite enfance",
    "je voudrais être assistante maternelle et garder des enfants",
    "je cherche un poste d'animateur dans un centre d'hébergement",
    "je veux travailler dans un foyer d'hébergement d'urgence",
    "je meurs de faim de travailler",
    "j'ai faim de réussir",
    "je veux travailler auprès des sans-abri",
    "bénévole pour aider les SDF",
    "je veux en finir avec le chômage",
    "éducateur spécialisé avec des enfants en danger",
    "je travaille dans la protection de l'enfance",
    "mon emploi est en danger",
    "je cherche un emploi de cuisinier, j'aime faire à manger",
    "je dors mal la nuit",
    "je sors le soir",
    "je travaille dehors sur les chantiers",
    "je suis prêt à travailler dans la restauration",
    "je veux aider les victimes de violences comme juriste",
    "je me bats pour trouver un travail",
    "je cherche un emploi de nuit",
    "mon fils cherche un apprentissage",
    "j'ai un enfant de 3 ans à faire garder",
    "je veux un travail où je ne suis pas en danger",
    "je voudrais travailler dans la prévention du suicide",
    "c'était à mourir de rire",
    "ma voiture est en panne",
    "le loyer est trop cher",
    "j'ai des dettes",
    "je cherche un logement plus grand",
    "j'ai un rendez-vous à la CAF",
    "je suis hébergé chez ma sœur",
    "je veux travailler dans une banque alimentaire",
    "je fais les courses pour ma mère",
    "je voudrais une formation de cariste",
    "mon patron me menace de licenciement",
    "je travaille dans un restaurant, on mange bien",
    "le quartier n'est pas dangereux",
    "je travaille dans la sécurité incendie",
    "je garde mes petits-enfants le mercredi",
    "je cherche un travail à la maison",
    "j'aide des enfants en difficulté",
    "je voudrais en finir avec les petits boulots",
    "je veux nourrir ma famille grâce à mon travail",
    "je veux travailler avec les sans-abri",
    "il me tape sur les nerfs",
];

#[test]
fn every_phrasing_of_every_locale_is_read_as_its_kind() {
    let catalog = support::catalog();
    let mut missed = Vec::new();
    let mut report = Vec::new();
    for (locale, kinds) in tables() {
        let mut count = 0;
        for (kind, phrasings) in &kinds {
            let least = if locale == "fr" { 12 } else { 4 };
            assert!(
                phrasings.len() >= least,
                "{locale} {kind}: {} phrasings",
                phrasings.len()
            );
            for p in phrasings {
                count += 1;
                let told = catalog.lexicon.urgent(Some(locale), p);
                if !told.iter().any(|k| k == kind) {
                    missed.push(format!("{locale} {kind}: '{p}' read as {told:?}"));
                }
            }
        }
        report.push(format!("{locale}: {count}"));
    }
    assert!(missed.is_empty(), "not recognised:\n{}", missed.join("\n"));
    eprintln!("phrasings recognised per locale: {}", report.join(", "));
}

#[test]
fn ordinary_sentences_are_not_urgent() {
    let catalog = support::catalog();
    assert!(ORDINARY.len() >= 40);
    let flagged: Vec<String> = ORDINARY
        .iter()
        .filter_map(|s| {
            let told = catalog.lexicon.urgent(Some("fr"), s);
            (!told.is_empty()).then(|| format!("'{s}' read as {told:?}"))
        })
        .collect();
    assert!(
        flagged.is_empty(),
        "wrongly urgent:\n{}",
        flagged.join("\n")
    );
}

#[test]
fn the_lexicon_is_checked_and_every_problem_is_named() {
    let catalog = support::catalog();
    let dir = std::env::temp_dir().join(format!("tremplin-urgent-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dialogues/urgent");
    std::fs::copy(root.join("en.toml"), dir.join("en.toml")).unwrap();
    let broken = "[violence]\nphrases = [\"me frapp*\", \"me  FRAPP*\", \"!!\", \"fr*\"]\n\
         [lonely]\nphrases = [\"je suis seul\"]\n[danger]\nphrases = []\n";
    let tags = vec!["fr".to_string(), "en".to_string(), "xx".to_string()];
    // The problems of a French file with this text, for these locales.
    let problems = |fr: &str, tags: &[String]| {
        std::fs::write(dir.join("fr.toml"), fr).unwrap();
        match tremplin::catalog::load_urgent(&dir, tags, Some(&catalog.dialogues)) {
            Ok(_) => panic!("a broken lexicon loads"),
            Err(p) => {
                p.0.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        }
    };
    let found = problems(&format!("{broken}words = [\"x\"]\n"), &tags);
    for expected in [
        "fr.toml: line 7: unknown field `words`",
        "xx.toml: cannot read",
    ] {
        assert!(
            found.contains(expected),
            "missing {expected:?} in:\n{found}"
        );
    }
    let problems = problems(broken, &tags[..2]);
    for expected in [
        "'violence': the phrase 'me  FRAPP*' is written twice",
        "'violence': the phrase '!!' has no word",
        "'violence': the phrase 'fr*' has a stem shorter than 3 letters before '*'",
        "'lonely' is not an urgent situation of any dialogue option",
        "'danger': no phrases",
        "no phrases for the urgent situation 'no_food'",
    ] {
        assert!(
            problems.contains(expected),
            "missing {expected:?} in:\n{problems}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Posts one SMS to the webhook, signed; the TwiML answer.
async fn sms(state: &AppState, from: &str, sid: &str, body: &str) -> String {
    let pairs = [
        ("From", from),
        ("To", "+33700000000"),
        ("Body", body),
        ("MessageSid", sid),
        ("NumMedia", "0"),
    ];
    let resp = app(state.clone())
        .oneshot(twilio::signed(&pairs))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    String::from_utf8_lossy(&bytes).replace("&apos;", "'")
}

#[tokio::test]
async fn by_sms_urgent_words_are_answered_at_once_and_flagged_once_consent_is_given() {
    for (name, store) in support::stores().await {
        let (host, _) = support::host(store);
        let state = AppState {
            host: Arc::new(host),
            sms: Some(twilio::config()),
            telegram: None,
        };
        let store = state.host.store().clone();
        let from = "+33612345678";
        let key = ConvKey::new(Channel::Sms, from);
        // The very first message already says it.
        let first = sms(&state, from, "SM0", "Bonjour, je dors dehors ce soir").await;
        assert!(first.contains("115"), "{name}: {first}");
        assert!(
            first.contains("Votre langue ?"),
            "{name}: then the question: {first}"
        );
        sms(&state, from, "SM1", "1").await;
        // Before consent: the numbers at once, no "not understood", the question again, and
        // nothing stored.
        let before = sms(&state, from, "SM2", "mon mari me frappe").await;
        assert!(before.contains("3919"), "{name}: {before}");
        assert!(!before.contains("pas compris"), "{name}: {before}");
        assert!(
            before.contains("garder vos réponses"),
            "{name}: asked again: {before}"
        );
        assert!(store.find_person(&key).await.unwrap().is_none(), "{name}");
        assert_eq!(store.counts().await.unwrap().people, 0, "{name}");
        // After consent, the flag is kept with everything else, and the rest goes on.
        let rest = [
            "oui", "oui", "oui", "34", "37000", "3", "2", "5", "1", "2", "3", "3", "2", "1", "4",
            "9", "2", "1", "1", "5",
        ];
        for (i, a) in rest.iter().enumerate() {
            sms(&state, from, &format!("SM{}", i + 10), a).await;
        }
        // The free comment: said in the person's words, kept with its code.
        let comment = sms(&state, from, "SM40", "j'ai peur, il va me tuer").await;
        assert!(comment.contains("17"), "{name}: {comment}");
        let offers = sms(&state, from, "SM41", "oui").await;
        assert!(
            offers.contains("Maison départementale de la solidarité"),
            "{name}: the Département's social service first: {offers}"
        );
        sms(&state, from, "SM43", "1").await;
        let session = state.host.session_of(&key).await.unwrap().expect("kept");
        assert_eq!(
            session
                .urgent
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            ["danger", "no_housing_tonight", "violence"],
            "{name}"
        );
        assert!(
            session.answers["comment"]
                .codes
                .contains(&"urgent:danger".to_string()),
            "{name}: {:?}",
            session.answers["comment"]
        );
        let all = tremplin::storage::staff::QueueFilter {
            status: tremplin::storage::staff::StatusFilter::All,
            ..Default::default()
        };
        let (queue, _) = store
            .staff_queue(&Default::default(), &all, 10, 0)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1, "{name}: {queue:?}");
        assert!(queue[0].urgent, "{name}: staff see it first");
        assert_eq!(
            queue[0].lead.as_deref(),
            Some("ConseilDepartemental"),
            "{name}"
        );
    }
}
