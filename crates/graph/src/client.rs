//! Typed requests and the client that sends them.

use crate::error::{ClientError, GraphError, GraphFailure};
use crate::http::{FORM_CONTENT_TYPE, HttpRequest, Method, Transport, find_header};
use crate::id::Node;
use crate::retry::Usage;
use crate::settings::{AccessToken, Settings};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// One Graph call, typed by the response it expects. Built by the endpoint functions of this
/// crate ([`crate::datasets`], [`crate::offline`], …); parameter names are the crate's own, so a
/// caller can never add `access_token` to a URL.
pub struct GraphRequest<R> {
    method: Method,
    node: Node,
    edge: Option<&'static str>,
    params: Vec<(&'static str, String)>,
    permission: &'static str,
    response: PhantomData<fn() -> R>,
}

// Manual impls: derives would require `R: Clone`/`R: Debug` although no `R` is stored.
impl<R> Clone for GraphRequest<R> {
    fn clone(&self) -> Self {
        GraphRequest {
            method: self.method,
            node: self.node.clone(),
            edge: self.edge,
            params: self.params.clone(),
            permission: self.permission,
            response: PhantomData,
        }
    }
}

impl<R> std::fmt::Debug for GraphRequest<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphRequest")
            .field("method", &self.method)
            .field("path", &self.path())
            .field("params", &self.params)
            .finish()
    }
}

impl<R> GraphRequest<R> {
    pub(crate) fn new(
        method: Method,
        node: Node,
        edge: Option<&'static str>,
        permission: &'static str,
    ) -> Self {
        GraphRequest {
            method,
            node,
            edge,
            params: Vec::new(),
            permission,
            response: PhantomData,
        }
    }

    pub(crate) fn param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.params.push((name, value.into()));
        self
    }

    pub(crate) fn param_opt(self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.param(name, value),
            None => self,
        }
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path after the version, e.g. `/act_1/customconversions`.
    pub fn path(&self) -> String {
        match self.edge {
            Some(edge) => format!("/{}/{edge}", self.node),
            None => format!("/{}", self.node),
        }
    }

    /// The parameters (all sent in the form body), without the token.
    pub fn params(&self) -> &[(&'static str, String)] {
        &self.params
    }

    /// The value of one parameter.
    pub fn param_value(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The permission this call needs, for error explanations.
    pub fn permission(&self) -> &'static str {
        self.permission
    }

    /// The same request for the page after `cursor`.
    pub(crate) fn with_after(&self, cursor: &str) -> Self {
        let mut next = self.clone();
        next.params.retain(|(key, _)| *key != "after");
        next.params.push(("after", cursor.to_owned()));
        next
    }
}

impl<T> GraphRequest<Page<T>> {
    /// The same list request asking for at most `limit` items a page (Graph's default is 25).
    pub fn limit(self, limit: u32) -> Self {
        let mut next = self;
        next.params.retain(|(key, _)| *key != "limit");
        next.params.push(("limit", limit.to_string()));
        next
    }
}

/// A decoded response with what its headers said.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Reply<R> {
    /// The body.
    pub value: R,
    /// The HTTP status.
    pub status: u16,
    /// The usage headers.
    pub usage: Usage,
    /// `X-FB-Trace-Id`, when the transport could read it.
    pub fbtrace_id: Option<String>,
}

/// `{"success": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Success {
    /// Whether Graph did it.
    pub success: bool,
}

/// `{"id": "…"}` answered by a create call.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Created {
    /// The new object's id.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
#[non_exhaustive]
pub struct Page<T> {
    /// The items.
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    /// Where the next page is.
    #[serde(default)]
    pub paging: Option<Paging>,
}

/// Graph's cursor paging.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Paging {
    /// The cursors.
    #[serde(default)]
    pub cursors: Option<Cursors>,
    /// The next page's URL: present only when there is a next page. It carries the token when
    /// Graph got it in the query, so the pager reads the cursor out of it and never calls it.
    #[serde(default)]
    pub next: Option<String>,
    /// The previous page's URL.
    #[serde(default)]
    pub previous: Option<String>,
}

/// `paging.cursors`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Cursors {
    /// Before the first item.
    #[serde(default)]
    pub before: Option<String>,
    /// After the last item.
    #[serde(default)]
    pub after: Option<String>,
}

impl Paging {
    /// The cursor of the next page, or `None` on the last page. Graph keeps `cursors.after` on
    /// the last page, so it is followed only when `next` says there is more.
    pub fn next_cursor(&self) -> Option<String> {
        let next = self.next.as_deref()?;
        if let Some(after) = self.cursors.as_ref().and_then(|c| c.after.clone()) {
            return Some(after);
        }
        let query = next.split_once('?')?.1;
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "after")
            .map(|(_, value)| value.into_owned())
    }
}

/// Sends typed requests over a [`Transport`].
#[derive(Debug, Clone)]
pub struct Client<T> {
    transport: T,
    settings: Settings,
    token: AccessToken,
}

impl<T: Transport> Client<T> {
    /// A client for `settings`, authenticated with `token`.
    pub fn new(transport: T, settings: Settings, token: AccessToken) -> Self {
        Client {
            transport,
            settings,
            token,
        }
    }

    /// The transport (e.g. to read what an in-memory transport recorded).
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The HTTP request for `request`, sent the way Meta's own web clients send every call: a
    /// form-encoded POST, which browsers send cross-origin without a CORS preflight (a "simple"
    /// request: no custom header, a safelisted content type). The body carries the parameters,
    /// Graph's `method` override for a read (`method=get`) or a delete (`method=delete`), and the
    /// token; the URL is the path only, so it never holds the token or a parameter.
    pub fn http_request<R>(&self, request: &GraphRequest<R>) -> HttpRequest {
        let url = format!(
            "{}/{}{}",
            self.settings.base_url,
            self.settings.version,
            request.path()
        );
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &request.params {
            form.append_pair(key, value);
        }
        match request.method {
            Method::Get => {
                form.append_pair("method", "get");
            }
            Method::Delete => {
                form.append_pair("method", "delete");
            }
            Method::Post => {}
        }
        form.append_pair("access_token", self.token.secret());
        HttpRequest {
            method: Method::Post,
            url,
            headers: vec![("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned())],
            body: Some(form.finish()),
            timeout_ms: self.settings.timeout_ms,
        }
    }

    /// Send `request` once and decode the answer.
    pub async fn send<R: DeserializeOwned>(
        &self,
        request: &GraphRequest<R>,
    ) -> Result<Reply<R>, ClientError> {
        let response = self.transport.send(self.http_request(request)).await?;
        let usage = Usage::from_headers(&response.headers);
        let fbtrace_id = find_header(&response.headers, "x-fb-trace-id").map(str::to_owned);
        // The body decides, not the status: with `suppress_http_code=1` Graph answers an error
        // with status 200, and an error body would otherwise decode as an empty list page.
        if let Some(error) = GraphError::from_body(&response.body) {
            return Err(ClientError::Graph(Box::new(GraphFailure {
                status: response.status,
                error,
                object: request.node.to_string(),
                permission: request.permission,
                usage,
            })));
        }
        if !(200..300).contains(&response.status) {
            return Err(ClientError::Status {
                status: response.status,
            });
        }
        match serde_json::from_str::<R>(&response.body) {
            Ok(value) => Ok(Reply {
                value,
                status: response.status,
                usage,
                fbtrace_id,
            }),
            Err(error) => Err(ClientError::BadJson {
                status: response.status,
                detail: error.to_string(),
            }),
        }
    }
}

/// Follows the cursors of a list request, one page at a time.
#[derive(Debug)]
pub struct Pager<T> {
    request: GraphRequest<Page<T>>,
    cursor: Option<String>,
    done: bool,
}

impl<T: DeserializeOwned> Pager<T> {
    /// Start at the first page of `request`.
    pub fn new(request: GraphRequest<Page<T>>) -> Self {
        Pager {
            request,
            cursor: None,
            done: false,
        }
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page<Tr: Transport>(
        &mut self,
        client: &Client<Tr>,
    ) -> Result<Option<Page<T>>, ClientError> {
        if self.done {
            return Ok(None);
        }
        let request = match &self.cursor {
            Some(cursor) => self.request.with_after(cursor),
            None => self.request.clone(),
        };
        let page = client.send(&request).await?.value;
        self.cursor = page.paging.as_ref().and_then(Paging::next_cursor);
        self.done = self.cursor.is_none();
        Ok(Some(page))
    }

    /// Whether the last page was fetched (there is nothing more to ask for).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Every item of every page (for short lists: custom conversions, sets, insights rows).
    pub async fn collect_all<Tr: Transport>(
        mut self,
        client: &Client<Tr>,
    ) -> Result<Vec<T>, ClientError> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page(client).await? {
            items.extend(page.data);
        }
        Ok(items)
    }
}
