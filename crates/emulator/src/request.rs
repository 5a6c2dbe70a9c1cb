//! One Graph request, decoded the way Graph decodes it: the path without its version, and the
//! parameters from the query string and the body (JSON, form-encoded or multipart, where
//! JSON-valued parameters such as `data` arrive as JSON strings), and the access token.

use crate::error::GraphError;
use axum::http::{HeaderMap, Method, header};
use serde_json::{Map, Value};

/// A decoded Graph request.
#[derive(Debug, Clone)]
pub struct GraphRequest {
    /// GET, POST or DELETE (a `method` parameter overrides it, as Graph allows).
    pub method: Method,
    /// The Graph version of the path (`v21.0`), when it had one.
    pub version: Option<String>,
    /// The path segments after the version: `[node]` or `[node, edge]`.
    pub segments: Vec<String>,
    /// Query and body parameters, body winning; `access_token` removed.
    pub params: Map<String, Value>,
    /// The access token, from `Authorization` or the parameters.
    pub token: Option<String>,
    /// `http://host:port` the request was sent to (for `paging.next`).
    pub base_url: String,
}

impl GraphRequest {
    /// Decodes a request; an unreadable body is Graph's code 100.
    pub fn decode(
        method: &Method,
        path: &str,
        query: Option<&str>,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Self, GraphError> {
        let mut segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let version = match segments.first() {
            Some(first) if graph::is_api_version(first) => Some(segments.remove(0)),
            _ => None,
        };
        let mut params = Map::new();
        if let Some(query) = query {
            for (key, value) in form_pairs(query.as_bytes())? {
                params.insert(key, Value::String(value));
            }
        }
        for (key, value) in body_params(headers, body)? {
            params.insert(key, value);
        }
        let token = bearer(headers).or_else(|| match params.remove("access_token") {
            Some(Value::String(token)) => Some(token),
            _ => None,
        });
        params.remove("access_token");
        let mut method = method.clone();
        if let Some(Value::String(name)) = params.remove("method")
            && let Ok(parsed) = Method::from_bytes(name.to_ascii_uppercase().as_bytes())
        {
            method = parsed;
        }
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1");
        Ok(Self {
            method,
            version,
            segments,
            params,
            token,
            base_url: format!("http://{host}"),
        })
    }

    /// A parameter as text (numbers and booleans written out).
    pub fn text(&self, name: &str) -> Option<String> {
        match self.params.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// A required text parameter (code 100 when missing or empty).
    pub fn required_text(&self, name: &str) -> Result<String, GraphError> {
        match self.text(name) {
            Some(text) if !text.trim().is_empty() => Ok(text),
            _ => Err(GraphError::required(name)),
        }
    }

    /// A JSON-valued parameter: a JSON string is parsed, an inline JSON value taken as is.
    pub fn json(&self, name: &str) -> Result<Option<Value>, GraphError> {
        match self.params.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => serde_json::from_str(text)
                .map(Some)
                .map_err(|_| GraphError::invalid_param(format!("param {name} must be valid JSON"))),
            Some(value) => Ok(Some(value.clone())),
        }
    }

    /// A list parameter (`fields`): a JSON array, or comma-separated text.
    pub fn list(&self, name: &str) -> Result<Option<Vec<String>>, GraphError> {
        let items = match self.params.get(name) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Array(items)) => items.clone(),
            Some(Value::String(text)) if text.trim_start().starts_with('[') => {
                match serde_json::from_str(text) {
                    Ok(Value::Array(items)) => items,
                    // `['28d_view']`, as the seed writes it: a bracketed, quoted list.
                    _ => match text
                        .trim()
                        .strip_prefix('[')
                        .and_then(|t| t.strip_suffix(']'))
                    {
                        Some(inner) => inner
                            .split(',')
                            .map(|s| Value::String(s.trim().trim_matches(['\'', '"']).to_owned()))
                            .collect(),
                        None => {
                            return Err(GraphError::invalid_param(format!(
                                "param {name} must be a list"
                            )));
                        }
                    },
                }
            }
            Some(Value::String(text)) => text
                .split(',')
                .map(|s| Value::String(s.trim().to_owned()))
                .collect(),
            Some(_) => {
                return Err(GraphError::invalid_param(format!(
                    "param {name} must be a list"
                )));
            }
        };
        Ok(Some(
            items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .filter(|s| !s.is_empty())
                .collect(),
        ))
    }

    /// An integer parameter (numbers or digits).
    pub fn int(&self, name: &str) -> Result<Option<i64>, GraphError> {
        match self.params.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| {
                GraphError::invalid_param(format!("param {name} must be an integer"))
            }),
            Some(Value::String(s)) => {
                s.trim().parse().map(Some).map_err(|_| {
                    GraphError::invalid_param(format!("param {name} must be an integer"))
                })
            }
            Some(_) => Err(GraphError::invalid_param(format!(
                "param {name} must be an integer"
            ))),
        }
    }

    /// A number parameter.
    pub fn number(&self, name: &str) -> Result<Option<f64>, GraphError> {
        match self.params.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) => {
                s.trim().parse().map(Some).map_err(|_| {
                    GraphError::invalid_param(format!("param {name} must be a number"))
                })
            }
            Some(_) => Err(GraphError::invalid_param(format!(
                "param {name} must be a number"
            ))),
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("OAuth "))?;
    Some(token.trim().to_owned())
}

fn form_pairs(bytes: &[u8]) -> Result<Vec<(String, String)>, GraphError> {
    serde_urlencoded::from_bytes(bytes)
        .map_err(|_| GraphError::invalid_param("the request parameters could not be decoded"))
}

fn body_params(headers: &HeaderMap, body: &[u8]) -> Result<Vec<(String, Value)>, GraphError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        let boundary = content_type
            .split(';')
            .filter_map(|part| part.trim().strip_prefix("boundary="))
            .next()
            .map(|b| b.trim_matches('"').to_owned());
        // The boundary is case-sensitive: take it from the original header.
        let original = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let boundary = boundary.and_then(|lower| {
            original
                .find(&lower)
                .or_else(|| original.to_ascii_lowercase().find(&lower))
                .map(|at| original[at..at + lower.len()].to_owned())
        });
        let Some(boundary) = boundary else {
            return Err(GraphError::invalid_param(
                "multipart body without a boundary",
            ));
        };
        return Ok(multipart(body, &boundary)
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect());
    }
    let looks_json = matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{'));
    if content_type.starts_with("application/json")
        || (looks_json && !content_type.contains("form"))
    {
        return match serde_json::from_slice(body) {
            Ok(Value::Object(map)) => Ok(map.into_iter().collect()),
            _ => Err(GraphError::invalid_param("the JSON body must be an object")),
        };
    }
    Ok(form_pairs(body)?
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect())
}

/// A minimal `multipart/form-data` reader: text fields only (what `curl -F` sends).
fn multipart(body: &[u8], boundary: &str) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut fields = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let name = head
            .lines()
            .filter(|line| line.to_ascii_lowercase().starts_with("content-disposition"))
            .flat_map(|line| line.split(';'))
            .filter_map(|item| item.trim().strip_prefix("name="))
            .map(|n| n.trim_matches('"').to_owned())
            .next();
        if let Some(name) = name {
            let value = value.strip_suffix("\r\n").unwrap_or(value);
            fields.push((name, value.to_owned()));
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        headers
    }

    #[test]
    fn version_is_stripped_and_token_taken_from_the_body() {
        let request = GraphRequest::decode(
            &Method::POST,
            "/v21.0/400000000000004/events/",
            Some("x=1"),
            &headers("application/x-www-form-urlencoded"),
            b"access_token=T&data=%5B%5D",
        )
        .unwrap();
        assert_eq!(request.version.as_deref(), Some("v21.0"));
        assert_eq!(request.segments, ["400000000000004", "events"]);
        assert_eq!(request.token.as_deref(), Some("T"));
        assert_eq!(request.json("data").unwrap(), Some(Value::Array(vec![])));
        assert_eq!(request.text("x").as_deref(), Some("1"));
        assert!(!request.params.contains_key("access_token"));
    }

    #[test]
    fn multipart_fields_are_read_like_curl_sends_them() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nset one\r\n--XyZ\r\nContent-Disposition: form-data; name=\"access_token\"\r\n\r\nT\r\n--XyZ--\r\n";
        let request = GraphRequest::decode(
            &Method::POST,
            "/100000000000001/offline_conversion_data_sets",
            None,
            &headers("multipart/form-data; boundary=XyZ"),
            body.as_bytes(),
        )
        .unwrap();
        assert_eq!(request.version, None);
        assert_eq!(request.text("name").as_deref(), Some("set one"));
        assert_eq!(request.token.as_deref(), Some("T"));
    }

    #[test]
    fn lists_are_json_arrays_or_commas() {
        let request = GraphRequest::decode(
            &Method::GET,
            "/v21.0/act_1/customconversions",
            Some("fields=%5B%22pixel%22%2C%22rule%22%5D&other=a,b"),
            &HeaderMap::new(),
            b"",
        )
        .unwrap();
        assert_eq!(request.list("fields").unwrap().unwrap(), ["pixel", "rule"]);
        assert_eq!(request.list("other").unwrap().unwrap(), ["a", "b"]);
        let seed = GraphRequest::decode(
            &Method::GET,
            "/act_1/insights",
            Some("action_attribution_windows=%5B%2728d_view%27%5D"),
            &HeaderMap::new(),
            b"",
        )
        .unwrap();
        assert_eq!(
            seed.list("action_attribution_windows").unwrap().unwrap(),
            ["28d_view"]
        );
    }

    #[test]
    fn a_bad_json_body_is_code_100() {
        let error = GraphRequest::decode(
            &Method::POST,
            "/v21.0/1/events",
            None,
            &headers("application/json"),
            b"{nope",
        )
        .unwrap_err();
        assert_eq!(error.code, 100);
    }
}
