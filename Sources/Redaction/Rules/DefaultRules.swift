extension RedactionRule {
    /// The built-in rule set, in the order it applies.
    ///
    /// Specific formats come first so that a secret is labelled by what it is (`openai_api_key`
    /// rather than `api_key_assignment`); context rules (`Authorization:`, `password=`, URLs) and
    /// the generic personal-data rules follow. Context rules never re-redact a `[REDACTED:…]`
    /// marker left by an earlier rule. Every rule is held to fixtures
    /// (`Tests/RedactionTests/Fixtures/rules.json`): true positives that must be redacted and
    /// look-alikes that must pass unchanged. `docs/redaction.md` lists what each one catches.
    public static let defaults: [RedactionRule] = [
        // PEM private keys, multi-line blocks included; a block cut off before its END line is
        // redacted to the end of the input.
        RedactionRule(
            name: "private_key",
            pattern: #"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|[\s\S]*)"#
        ),
        // JSON Web Tokens: base64url header and payload that both start with `{"`.
        RedactionRule(
            name: "jwt",
            pattern: #"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*"#
        ),
        RedactionRule(
            name: "anthropic_api_key",
            pattern: #"(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}"#
        ),
        // `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…` and legacy `sk-<alnum>`; a digit is required so
        // that kebab-case words such as `sk-learn-…` pass.
        RedactionRule(
            name: "openai_api_key",
            pattern: #"(?<![A-Za-z0-9_-])sk-(?=[A-Za-z0-9_-]*[0-9])(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{20,})"#
        ),
        RedactionRule(
            name: "github_token",
            pattern: #"(?<![A-Za-z0-9_-])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"#
        ),
        RedactionRule(
            name: "slack_webhook",
            pattern: #"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]+"#
        ),
        RedactionRule(
            name: "slack_token",
            pattern: #"(?<![A-Za-z0-9_-])(?:xox[abprse]-(?=[A-Za-z-]*[0-9])[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Za-z0-9-]{10,})"#
        ),
        RedactionRule(
            name: "stripe_secret_key",
            pattern: #"(?<![A-Za-z0-9_-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"#
        ),
        RedactionRule(
            name: "google_api_key",
            pattern: #"(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"#
        ),
        RedactionRule(
            name: "aws_access_key_id",
            pattern: #"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])"#
        ),
        // A bare 40-character secret key looks like a SHA-1 digest, so only the value of an
        // `aws_secret_access_key` / `SecretAccessKey` assignment is redacted.
        RedactionRule(
            name: "aws_secret_access_key",
            pattern: #"(?<![A-Za-z0-9])[Ss](?i)ecret[_-]?access[_-]?key(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?["'])?\K[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"#
        ),
        // The value of an `Authorization:` / `Proxy-Authorization:` header or field, after the
        // scheme, up to the end of the value (quote, backslash or end of line). A placeholder
        // such as `Bearer <PROXY_API_KEY>` in a help message passes.
        RedactionRule(
            name: "authorization_header",
            pattern: #"(?i)(?<![a-z0-9_])authorization(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?["'])?(?:(?:bearer|basic|token|digest|negotiate|apikey|aws4-hmac-sha256)[ \t]+)?+\K(?!\[REDACTED:|<[A-Za-z0-9_ -]*>)[^"'\\\r\n]+"#
        ),
        // `Bearer <token>` / `Basic <credentials>` outside a header: at least 16 characters with a
        // digit, `+`, `/` or `=` padding, or at least 32 characters, so that prose ("basic
        // requirements", "the bearer of this card") passes.
        RedactionRule(
            name: "auth_token",
            pattern: #"(?<![A-Za-z0-9_-])(?i:bearer|basic)\s+\K(?!\[REDACTED:)(?:(?=[A-Za-z._~-]*[0-9+/=])[A-Za-z0-9._~+/-]{16,}|[A-Za-z0-9._~+/-]{32,})=*"#
        ),
        // The password of `scheme://user:password@host`; the user and host stay.
        RedactionRule(
            name: "url_password",
            pattern: #"://[^\s/?#@:]*:\K(?!\[REDACTED:)[^\s/?#]+(?=@[^\s/?#@]+)"#
        ),
        // Key-value assignments: the value of `password=…`, `"clientSecret": "…"`, `token: …`,
        // `x-api-key=…` (the key may carry any prefix: `db_password`, `accessToken`); the key
        // stays. The keyword must be followed by the separator, so `token_count: 3`,
        // `tokens_prompt` and `password_policy` pass. A quoted value is redacted up to its
        // closing quote, an unquoted one up to whitespace or `, ; &`. One rule per keyword
        // family: each then starts with a literal that PCRE2's JIT finds with a vector search.
        RedactionRule(
            name: "password_assignment",
            pattern: #"(?i)p(?:ass(?:word|wd|phrase)|wd)(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?"\K(?!\[REDACTED:)[^"\\\r\n]+|'\K(?!\[REDACTED:)[^'\r\n]+|\K(?!\[REDACTED:|\\?["'])[^\s"'\\,;&]+)"#
        ),
        RedactionRule(
            name: "secret_assignment",
            pattern: #"[Ss](?i)ecret(?:[_-]?(?:access[_-]?)?key)?(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?"\K(?!\[REDACTED:)[^"\\\r\n]+|'\K(?!\[REDACTED:)[^'\r\n]+|\K(?!\[REDACTED:|\\?["'])[^\s"'\\,;&]+)"#
        ),
        RedactionRule(
            name: "token_assignment",
            pattern: #"(?i)token(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?"\K(?!\[REDACTED:)[^"\\\r\n]+|'\K(?!\[REDACTED:)[^'\r\n]+|\K(?!\[REDACTED:|\\?["'])[^\s"'\\,;&]+)"#
        ),
        RedactionRule(
            name: "api_key_assignment",
            pattern: #"(?i)api[_-]?key(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?"\K(?!\[REDACTED:)[^"\\\r\n]+|'\K(?!\[REDACTED:)[^'\r\n]+|\K(?!\[REDACTED:|\\?["'])[^\s"'\\,;&]+)"#
        ),
        // Addresses with a dotted domain and an alphabetic TLD; accented Latin letters count as
        // part of the address, other scripts (CJK, emoji) as a boundary. The first branch skips
        // a whole word that is not followed by `@` in one step (`(*SKIP)(*FAIL)`), instead of
        // trying the address at each of its characters.
        RedactionRule(
            name: "email",
            pattern: #"[A-Za-z0-9\x{C0}-\x{24F}._%+-]++(?!@)(*SKIP)(*FAIL)|(?<![A-Za-z0-9\x{C0}-\x{24F}._%+-])[A-Za-z0-9\x{C0}-\x{24F}][A-Za-z0-9\x{C0}-\x{24F}._%+-]{0,63}@[A-Za-z0-9\x{C0}-\x{24F}-]+(?:\.[A-Za-z0-9\x{C0}-\x{24F}-]+)*(?=\.)[^@][A-Za-z]{2,24}(?![A-Za-z0-9_-])"#
        ),
        // 13–19 digits starting with 2–6 (the card networks' ranges), contiguous or in groups of
        // 4-4-4-4(-1..3), 4-6-5 or 4-6-4 separated by one consistent space or dash; Luhn-checked.
        RedactionRule(
            name: "payment_card",
            pattern: #"(?<![A-Za-z0-9_.-])(?:[2-6][0-9]{12,18}|[2-6][0-9]{3}([ -])(?:[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1?[0-9]{1,3})?|[0-9]{6}\1[0-9]{4,5}))(?![A-Za-z0-9_]|[.-][0-9])"#,
            validator: .luhn,
            prefilter: .cardDigitRun(minimum: 13)
        ),
        // US Social Security numbers written `AAA-GG-SSSS`, without the never-issued areas 000,
        // 666 and 900–999, group 00, serial 0000, and the two voided advertising numbers.
        RedactionRule(
            name: "us_ssn",
            pattern: #"(?<![A-Za-z0-9_.-])(?!000|666|9[0-9]{2}|078-05-1120|219-09-9999)[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![A-Za-z0-9_]|[.-][0-9])"#,
            prefilter: .separatedDigitRun(minimum: 9)
        ),
        // UK National Insurance numbers: HMRC's prefix letters (no D F I Q U V, no O second, not
        // BG GB KN NK NT TN ZZ), six digits (optionally spaced in pairs), suffix A–D.
        RedactionRule(
            name: "uk_nino",
            pattern: #"(?<![A-Za-z0-9_])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z](?: ?[0-9]{2}){3} ?[A-D](?![A-Za-z0-9_])"#,
            prefilter: .spacedDigitRun(exactly: 6)
        ),
        // International `+<country> …` numbers with 9–15 digits; North American `(415) 555-0100`,
        // `415-555-0100`, `1-800-555-0100`; UK `020 7946 0958`-style and French `01 23 45 67 89`.
        RedactionRule(
            name: "phone_number",
            pattern: #"(?<![A-Za-z0-9_+])\+(?=(?:[ .()-]{0,2}[0-9]){9,15}(?![ .()-]{0,2}[0-9]))[1-9][0-9]*+(?:[ .-]?\(?[0-9]++\)?)*+(?![A-Za-z0-9_])|(?<![A-Za-z0-9_.+-])(?:1[ .-])?(?:\([2-9][0-9]{2}\)[ .-]?[2-9][0-9]{2}[ .-]|[2-9][0-9]{2}(?<sep>[ .-])[2-9][0-9]{2}\k<sep>)[0-9]{4}(?![A-Za-z0-9_]|[.-][0-9])|(?<![A-Za-z0-9_.+-])0(?:[0-9]{2} [0-9]{4} [0-9]{4}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{4} [0-9]{3} [0-9]{3}|[0-9]{4} [0-9]{6}|[1-9](?:[ .][0-9]{2}){4})(?![A-Za-z0-9_]|[ .-]?[0-9])"#,
            prefilter: .separatedDigitRun(minimum: 9)
        ),
    ]
}
