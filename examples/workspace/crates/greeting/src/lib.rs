//! Shared by the workspace's functions: the event they read and the greeting they build.

use serde::Deserialize;

/// An event naming its sender: any JSON object; only `name` is read.
#[derive(Debug, Default, Deserialize)]
pub struct Named {
    #[serde(default)]
    pub name: Option<String>,
}

impl Named {
    /// The sender's name, or `stranger` when the event names nobody.
    pub fn display_name(&self) -> &str {
        match self.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => name,
            _ => "stranger",
        }
    }
}

/// `Hello, <name>!`
pub fn greeting(event: &Named) -> String {
    format!("Hello, {}!", event.display_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(json: &str) -> Named {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn greets_by_name_or_as_a_stranger() {
        assert_eq!(greeting(&named(r#"{"name":"Ada"}"#)), "Hello, Ada!");
        assert_eq!(greeting(&named("{}")), "Hello, stranger!");
        assert_eq!(greeting(&named(r#"{"name":""}"#)), "Hello, stranger!");
    }
}
