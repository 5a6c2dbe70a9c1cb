//! Property tests: generated rules survive a round trip through JSON, arbitrary text never
//! panics the reader, and the negative operators are exactly the negations of the positive ones.
#![cfg(not(target_arch = "wasm32"))]
// The strategies build values known to be valid; a failure there is a bug in the test.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rules::{Field, FieldKind, Number, Operand, Operator, Rule};
use serde_json::{Value, json};

/// Patterns that compile, for `regex_match` leaves.
const PATTERNS: [&str; 6] = [
    r"^https?://[^/]+/thank",
    r"(?i)ICE\s*CREAM",
    r"(\w)\1",
    r"(?<=order/)\d+",
    r"a++b",
    r#"\"quoted\"|back\\slash"#,
];

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just("event_name".to_owned()),
        Just("event".to_owned()),
        Just("url".to_owned()),
        Just("value".to_owned()),
        Just("currency".to_owned()),
        Just("custom_data.num_items".to_owned()),
        "[a-z][a-z0-9_]{0,8}".prop_map(|n| format!("custom_data.{n}")),
        // A bare custom parameter, as in Meta's `{"color": …}` example (prefixed so it is never
        // `and`, `or`, `not` or a refused event field).
        "[a-z][a-z0-9_]{0,8}".prop_map(|n| format!("p_{n}")),
    ]
    .prop_map(|key| Field::new(&key).unwrap())
}

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| Number::from_f64(f).unwrap()),
        ("-?(0|[1-9][0-9]{0,5})\\.[0-9]{1,4}", any::<bool>()).prop_map(|(t, exp)| {
            Number::parse(&if exp { format!("{t}e-3") } else { t }).unwrap()
        }),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,12}", Just(String::new())]
}

fn condition() -> impl Strategy<Value = Rule> {
    (
        field(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
    )
        .prop_flat_map(|(field, op_pick, pattern_pick)| {
            let allowed: Vec<Operator> = Operator::ALL
                .into_iter()
                .filter(|op| match field.kind() {
                    FieldKind::Text => !op.is_numeric(),
                    FieldKind::Number => !op.is_text(),
                    FieldKind::Any => true,
                })
                .collect();
            let operator = *op_pick.get(&allowed);
            let operand: BoxedStrategy<Operand> = if operator.is_numeric() {
                number().prop_map(Operand::Number).boxed()
            } else if operator == Operator::RegexMatch {
                Just(Operand::from(*pattern_pick.get(&PATTERNS))).boxed()
            } else if operator.is_text() {
                text().prop_map(Operand::Text).boxed()
            } else if field.kind() == FieldKind::Number {
                prop_oneof![
                    number().prop_map(Operand::Number),
                    number().prop_map(|n| Operand::Text(n.as_str().to_owned())),
                ]
                .boxed()
            } else {
                prop_oneof![
                    number().prop_map(Operand::Number),
                    text().prop_map(Operand::Text)
                ]
                .boxed()
            };
            operand.prop_map(move |operand| Rule::condition(field.clone(), operator, operand))
        })
}

fn rule() -> impl Strategy<Value = Rule> {
    condition().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Rule::And),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Rule::Or),
            inner.prop_map(Rule::negate),
        ]
    })
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[ -~]{0,8}".prop_map(Value::from),
        "-?[0-9]{1,4}(\\.[0-9]{1,2})?".prop_map(Value::from),
        Just(Value::from("Purchase")),
    ]
}

fn event() -> impl Strategy<Value = Value> {
    let custom = prop::collection::btree_map(
        prop_oneof![
            Just("value".to_owned()),
            Just("currency".to_owned()),
            Just("num_items".to_owned()),
            "[a-z]{1,3}",
            "p_[a-z]{1,3}",
        ],
        prop_oneof![
            scalar(),
            prop::collection::vec(scalar(), 0..3).prop_map(Value::from)
        ],
        0..5,
    );
    (scalar(), scalar(), custom).prop_map(|(name, url, custom)| {
        json!({"event_name": name, "event_source_url": url, "custom_data": custom})
    })
}

/// JSON text built from the rule vocabulary: rule-shaped, often valid, often subtly not.
fn rule_like_text() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just("url"),
        Just("value"),
        Just("event"),
        Just("event_name"),
        Just("custom_data.x"),
        Just("p_color"),
        Just("user_data.em"),
        Just("event_time"),
        Just("and"),
    ];
    let operator = prop_oneof![
        Just("eq"),
        Just("neq"),
        Just("gt"),
        Just("lte"),
        Just("i_contains"),
        Just("contains"),
        Just("regex_match"),
        Just("starts_with"),
    ];
    let leaf = prop_oneof![
        Just("1".to_owned()),
        Just("-2.50".to_owned()),
        Just("1e999".to_owned()),
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("\"(?R)\"".to_owned()),
        Just("\"(a\"".to_owned()),
        Just("\"Purchase\"".to_owned()),
        Just("\"12.5\"".to_owned()),
        "[ -~]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
    ];
    let condition = (field.clone(), operator, leaf.clone())
        .prop_map(|(f, o, v)| format!("{{\"{f}\":{{\"{o}\":{v}}}}}"));
    let text_condition = (
        prop_oneof![
            Just("url"),
            Just("event"),
            Just("custom_data.x"),
            Just("p_color")
        ],
        prop_oneof![
            Just("eq"),
            Just("neq"),
            Just("i_contains"),
            Just("not_contains")
        ],
        "[ -~]{0,6}",
    )
        .prop_map(|(f, o, v)| {
            format!(
                "{{\"{f}\":{{\"{o}\":{}}}}}",
                serde_json::to_string(&v).unwrap()
            )
        });
    let number_condition = (
        prop_oneof![Just("value"), Just("custom_data.x")],
        prop_oneof![Just("eq"), Just("gt"), Just("lte")],
        prop_oneof![Just("100"), Just("-0.5"), Just("1.50"), Just("2e3")],
    )
        .prop_map(|(f, o, v)| format!("{{\"{f}\":{{\"{o}\":{v}}}}}"));
    let base = prop_oneof![3 => text_condition, 3 => number_condition, 2 => condition, 1 => leaf];
    base.prop_recursive(5, 40, 3, move |inner| {
        prop_oneof![
            3 => (prop_oneof![Just("and"), Just("or")], prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(g, v)| format!("{{\"{g}\":[{}]}}", v.join(","))),
            1 => inner.clone().prop_map(|v| format!("{{\"not\":{v}}}")),
            1 => prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(","))),
            1 => prop::collection::vec((field.clone(), inner), 0..3).prop_map(|members| {
                let body: Vec<String> = members.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

proptest! {
    #[test]
    fn parse_of_serialize_is_identity(rule in rule()) {
        prop_assert!(rule.validate().is_ok(), "{}", rule.validate().unwrap_err());
        let text = rule.to_json();
        prop_assert_eq!(Rule::parse(&rule.to_json_pretty()), Ok(rule.clone()));
        prop_assert_eq!(Rule::parse(&text), Ok(rule));
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = Rule::parse(&text);
    }

    #[test]
    fn rule_like_json_never_panics_and_what_parses_round_trips(
        text in rule_like_text(),
        events in prop::collection::vec(event(), 0..4),
    ) {
        if let Ok(rule) = Rule::parse(&text) {
            prop_assert_eq!(rule.to_json(), text);
            let matcher = rule.compile().unwrap();
            let _ = matcher.preview(&events);
        }
    }

    #[test]
    fn generated_rules_evaluate_without_panicking(rule in rule(), events in prop::collection::vec(event(), 0..4)) {
        let matcher = rule.compile().unwrap();
        let preview = matcher.preview(&events);
        prop_assert_eq!(preview.total, events.len());
        prop_assert!(preview.count() <= events.len());
    }

    #[test]
    fn any_pattern_is_accepted_or_refused_without_panicking(
        pattern in prop_oneof![any::<String>(), r"[()\\?*+{}\[\]^$|.:<>=!a-zRPKQEgCX&#0-9-]{0,14}"],
        hay in "[ -~]{0,12}",
    ) {
        let rule = Rule::condition(Field::url(), Operator::RegexMatch, pattern.as_str());
        if let Ok(matcher) = rule.compile() {
            let _ = matcher.matches(&json!({"event_source_url": hay}));
        } else {
            let error = rule.validate().unwrap_err();
            prop_assert!(error.code().starts_with("rule_regex_"), "{}", error);
        }
    }

    #[test]
    fn i_contains_is_lowercase_containment(hay in "[ -~ÄäÉéİıK]{0,12}", needle in "[a-zA-ZÄäİK ]{0,3}") {
        let rule = Rule::condition(Field::url(), Operator::IContains, needle.as_str());
        let event = json!({"event_source_url": hay});
        let expected = hay.to_lowercase().contains(&needle.to_lowercase());
        prop_assert_eq!(rule.compile().unwrap().matches(&event), expected);
    }

    #[test]
    fn negative_operators_negate_their_positive(
        key in prop_oneof![Just("url"), Just("custom_data.value"), Just("custom_data.a"), Just("custom_data.missing")],
        needle in prop_oneof![Just(Operand::from("a")), Just(Operand::from("1")), Just(Operand::from(1))],
        event in event(),
    ) {
        for (positive, negative) in [
            (Operator::Eq, Operator::Neq),
            (Operator::Contains, Operator::NotContains),
            (Operator::IContains, Operator::INotContains),
        ] {
            let build = |operator| Rule::condition(Field::new(key).unwrap(), operator, needle.clone());
            let (pos, neg) = (build(positive), build(negative));
            if pos.validate().is_err() {
                continue;
            }
            let holds = |rule: &Rule| rule.compile().unwrap().matches(&event);
            prop_assert_eq!(holds(&neg), !holds(&pos));
            prop_assert_eq!(holds(&neg), holds(&Rule::negate(pos.clone())));
        }
    }
}
