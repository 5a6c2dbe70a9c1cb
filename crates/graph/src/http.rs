//! The side effects, behind traits: sending an HTTP request ([`Transport`]) and waiting
//! ([`Sleep`]). The browser implements them over `fetch` and `setTimeout`; tests use
//! [`crate::memory`].

use crate::error::TransportError;
use std::fmt;
use std::future::Future;

/// The HTTP methods Graph calls use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create or update. On the wire every call is a POST: reads and deletes carry Graph's
    /// `method` override in the form body.
    Post,
    /// Delete.
    Delete,
}

impl Method {
    /// `GET`, `POST` or `DELETE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// The content type of every call's body: form-encoded, one of the three a CORS "simple"
/// request may carry.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A request ready for a transport. [`crate::Client`] builds every one as a form-encoded POST
/// with the token in the body, so its URL never holds the token.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The full URL (base, version and path; the parameters travel in the body).
    pub url: String,
    /// Headers (`Content-Type` only, for a Graph call).
    pub headers: Vec<(String, String)>,
    /// The form-encoded body: the parameters, the `method` override and the token.
    pub body: Option<String>,
    /// How long the transport may wait for the response.
    pub timeout_ms: u64,
}

impl HttpRequest {
    /// The value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether a browser sends this request cross-origin without a CORS preflight (the Fetch
    /// standard's "simple" request): method GET, HEAD or POST, and no header but a
    /// `Content-Type` of `application/x-www-form-urlencoded`, `multipart/form-data` or
    /// `text/plain`. Graph is not known to allow any other header in a preflight, so every call
    /// must be one.
    pub fn is_cors_simple(&self) -> bool {
        const SIMPLE_TYPES: [&str; 3] = [FORM_CONTENT_TYPE, "multipart/form-data", "text/plain"];
        // `Method` has no HEAD; GET and POST are both simple.
        let method_simple = matches!(self.method, Method::Get | Method::Post);
        method_simple
            && self.headers.iter().all(|(name, value)| {
                let essence = value.split(';').next().unwrap_or("").trim();
                name.eq_ignore_ascii_case("content-type")
                    && SIMPLE_TYPES
                        .iter()
                        .any(|simple| essence.eq_ignore_ascii_case(simple))
            })
    }

    /// The method Graph reads: the body's `method` override (`get`, `delete`), else the HTTP
    /// method.
    pub fn graph_method(&self) -> Method {
        match self.form_value("method").as_deref() {
            Some(m) if m.eq_ignore_ascii_case("get") => Method::Get,
            Some(m) if m.eq_ignore_ascii_case("delete") => Method::Delete,
            Some(m) if m.eq_ignore_ascii_case("post") => Method::Post,
            _ => self.method,
        }
    }

    /// The call as Graph reads it, for logs and tests (never sent): the URL with the body's
    /// parameters as its query, leaving out the token and the `method` override, e.g.
    /// `https://graph.facebook.com/v24.0/1?fields=id%2Cname` for a read.
    pub fn logical_url(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        let mut any = false;
        for (key, value) in self.form() {
            if key != "access_token" && key != "method" {
                query.append_pair(&key, &value);
                any = true;
            }
        }
        if any {
            let separator = if self.url.contains('?') { '&' } else { '?' };
            format!("{}{separator}{}", self.url, query.finish())
        } else {
            self.url.clone()
        }
    }

    fn form_value(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// The decoded form fields of the body (empty without a body).
    pub fn form(&self) -> Vec<(String, String)> {
        self.body
            .as_deref()
            .map(|body| {
                form_urlencoded::parse(body.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Never prints the body or a header's value: the body carries the token (and a header would,
/// if anyone set `Authorization`).
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.as_ref().map(String::len))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers the transport could read (a browser only exposes those CORS allows).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl HttpResponse {
    /// The value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Sends HTTP requests. Implementations enforce [`HttpRequest::timeout_ms`].
pub trait Transport {
    /// Send one request and read the whole response.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

/// Waits. Retry delays go through it so tests do not wait.
pub trait Sleep {
    /// Resolve after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()>;
}

impl<T: Transport> Transport for &T {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<S: Sleep> Sleep for &S {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        (**self).sleep(ms)
    }
}
