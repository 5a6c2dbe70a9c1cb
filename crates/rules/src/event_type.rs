//! `custom_event_type`: what kind of conversion a custom conversion counts.

use std::fmt;
use std::str::FromStr;

macro_rules! event_types {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// The `custom_event_type` of a custom conversion (the 20 values of the reference).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CustomEventType {
            $(#[doc = $doc] $variant,)*
        }

        impl CustomEventType {
            /// Every type, in the order of the reference.
            pub const ALL: [CustomEventType; 20] = [$(Self::$variant,)*];

            /// The name the Graph API takes and returns (`PURCHASE`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }
    };
}

event_types! {
    AddPaymentInfo => "ADD_PAYMENT_INFO", "Payment information added.";
    AddToCart => "ADD_TO_CART", "An item added to a cart.";
    AddToWishlist => "ADD_TO_WISHLIST", "An item added to a wishlist.";
    CompleteRegistration => "COMPLETE_REGISTRATION", "A registration completed.";
    ContentView => "CONTENT_VIEW", "Content viewed.";
    InitiatedCheckout => "INITIATED_CHECKOUT", "A checkout started.";
    Lead => "LEAD", "A lead.";
    Purchase => "PURCHASE", "A purchase.";
    Search => "SEARCH", "A search.";
    Contact => "CONTACT", "A contact.";
    CustomizeProduct => "CUSTOMIZE_PRODUCT", "A product customized.";
    Donate => "DONATE", "A donation.";
    FindLocation => "FIND_LOCATION", "A location searched for.";
    Schedule => "SCHEDULE", "An appointment scheduled.";
    StartTrial => "START_TRIAL", "A trial started.";
    SubmitApplication => "SUBMIT_APPLICATION", "An application submitted.";
    Subscribe => "SUBSCRIBE", "A subscription.";
    ListingInteraction => "LISTING_INTERACTION", "An interaction with a listing.";
    FacebookSelected => "FACEBOOK_SELECTED", "Chosen by Facebook.";
    Other => "OTHER", "Anything else.";
}

/// A name that is not one of the 20 `custom_event_type` values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEventType(pub String);

impl fmt::Display for UnknownEventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown custom_event_type `{}` (e.g. PURCHASE, LEAD, OTHER)",
            self.0
        )
    }
}

impl std::error::Error for UnknownEventType {}

/// Reads the enum name in any ASCII case: the OCAPI guide's own example sends
/// `custom_event_type=Purchase`. [`CustomEventType::as_str`] gives the canonical spelling.
impl FromStr for CustomEventType {
    type Err = UnknownEventType;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownEventType(name.to_owned()))
    }
}

impl fmt::Display for CustomEventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_twenty_round_trip_and_are_distinct() {
        let names: std::collections::BTreeSet<_> =
            CustomEventType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(names.len(), 20);
        for t in CustomEventType::ALL {
            assert_eq!(t.as_str().parse::<CustomEventType>(), Ok(t));
        }
    }

    #[test]
    fn accepts_the_ocapi_guides_spelling_and_rejects_others() {
        assert_eq!("Purchase".parse(), Ok(CustomEventType::Purchase));
        assert_eq!(
            CustomEventType::InitiatedCheckout.to_string(),
            "INITIATED_CHECKOUT"
        );
        let err = "PURCHASED".parse::<CustomEventType>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown custom_event_type `PURCHASED` (e.g. PURCHASE, LEAD, OTHER)"
        );
    }
}
