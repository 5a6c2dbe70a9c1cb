//! ISO 4217 currency codes (active codes, as Meta accepts them).

const CODES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB \
BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR \
FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES \
KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR \
MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR \
SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS \
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

/// Whether `code` is an ISO 4217 code (either case, as Graph accepts `usd`).
pub fn is_currency(code: &str) -> bool {
    code.len() == 3
        && CODES
            .split_ascii_whitespace()
            .any(|known| known.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::is_currency;

    #[test]
    fn known_and_unknown_codes() {
        assert!(is_currency("USD"));
        assert!(is_currency("eur"));
        assert!(is_currency("JPY"));
        assert!(!is_currency("US"));
        assert!(!is_currency("XXY"));
        assert!(!is_currency("DOLLARS"));
    }
}
