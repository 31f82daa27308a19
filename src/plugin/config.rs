//! The `[plugins]` table of `versus.toml`: which plugins run, in what order,
//! with what options.
//!
//! ```toml
//! [plugins]
//! order = ["samples", "reading-time", "scoreboard"]   # optional
//!
//! [plugins.infographic]
//! width = 960
//!
//! [plugins.netlify]
//! enabled = false
//!
//! [plugins.reading-time]
//! command = ["node", "plugins/reading-time.mjs"]
//! hooks = ["reports"]          # default: ["reports"]
//! timeout = 10                 # seconds
//! [plugins.reading-time.options]
//! words-per-minute = 220
//! ```

use std::sync::Arc;
use std::time::Duration;

use serde_json::Map;

use super::builtin::{BUILT_IN, MakeContext, OptionError, Placement};
use super::external::{DEFAULT_TIMEOUT, External};
use super::{Hook, Plugin, Plugins};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Location, Problem};
use crate::load::front_matter::{PathSegment, key_path, locate};

/// Builds the plugin list from `[plugins]`, with `extra` (plugins given in
/// Rust) after the configured ones. All problems are reported together.
pub fn plugins_from_config(
    config: &SiteConfig,
    extra: &[Arc<dyn Plugin>],
    context: &MakeContext,
) -> Result<Plugins, Vec<Diagnostic>> {
    let table = &config.plugins;
    let at = |keys: &[&str]| -> Location {
        let mut path = vec![PathSegment::Key("plugins".into())];
        path.extend(key_path(keys));
        let range = locate(&config.source.text, 0..config.source.text.len(), &path).unwrap_or(0..0);
        Location::span(&config.source, range)
    };
    let error = |message: String, keys: &[&str]| {
        Diagnostic::error(Problem::BadField { message }).at(at(keys))
    };
    let mut errors = Vec::new();
    let mut enabled: Vec<(String, Placement, Arc<dyn Plugin>)> = Vec::new();
    let mut externals: Vec<(String, Arc<dyn Plugin>)> = Vec::new();
    let mut disabled: Vec<String> = Vec::new();

    for built_in in BUILT_IN {
        let name = built_in.name;
        let options = match table.get(name) {
            None => toml::Table::new(),
            Some(toml::Value::Table(options)) => options.clone(),
            Some(toml::Value::Boolean(on)) => {
                toml::Table::from_iter([("enabled".to_string(), toml::Value::Boolean(*on))])
            }
            Some(_) => {
                errors.push(error(
                    format!("`plugins.{name}` must be a table of options, or true/false"),
                    &[name],
                ));
                continue;
            }
        };
        match (built_in.make)(&options, context) {
            Ok(Some(plugin)) => enabled.push((name.to_string(), built_in.placement, plugin)),
            Ok(None) => disabled.push(name.to_string()),
            Err(found) => {
                for OptionError { key, message, help } in found {
                    let keys: Vec<&str> = std::iter::once(name).chain(key.as_deref()).collect();
                    let message = if message.starts_with("has no option") {
                        format!("plugin `{name}` {message}")
                    } else {
                        message
                    };
                    let mut diagnostic = error(message, &keys);
                    if let Some(help) = help {
                        diagnostic = diagnostic.with_note(help);
                    }
                    errors.push(diagnostic);
                }
            }
        }
    }

    for (name, value) in table {
        if name == "order" || BUILT_IN.iter().any(|b| b.name == name) {
            continue;
        }
        let Some(options) = value.as_table() else {
            errors.push(error(format!("`plugins.{name}` must be a table"), &[name]));
            continue;
        };
        if !options.contains_key("command") {
            let known: Vec<&str> = BUILT_IN.iter().map(|b| b.name).collect();
            let known = known.join(", ");
            errors.push(
                error(format!("unknown plugin `{name}`"), &[name]).with_note(format!(
                    "the built-in plugins are {known}; an external plugin needs `command = [\"node\", \"plugins/x.mjs\"]`"
                )),
            );
            continue;
        }
        match external(name, options, &at) {
            Ok(Some(plugin)) => externals.push((name.clone(), plugin)),
            Ok(None) => disabled.push(name.clone()),
            Err(found) => errors.extend(found),
        }
    }

    // The default order: the table's, with external plugins after the
    // built-ins that prepare reports and before those that only add files.
    let (before, after): (Vec<_>, Vec<_>) = enabled
        .into_iter()
        .partition(|(_, placement, _)| *placement == Placement::BeforeExternal);
    let mut ordered: Vec<(String, Arc<dyn Plugin>)> = before
        .into_iter()
        .map(|(name, _, plugin)| (name, plugin))
        .chain(externals)
        .chain(after.into_iter().map(|(name, _, plugin)| (name, plugin)))
        .collect();

    if let Some(order) = table.get("order") {
        match order.as_array().map(|a| {
            a.iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
        }) {
            Some(Some(names)) => {
                let mut front = Vec::new();
                for name in &names {
                    match ordered.iter().position(|(n, _)| n == name) {
                        Some(i) => front.push(ordered.remove(i)),
                        None if disabled.contains(name) => {}
                        None => errors.push(error(
                            format!("`order` names `{name}`, which is not a plugin of this site"),
                            &["order"],
                        )),
                    }
                }
                front.extend(ordered);
                ordered = front;
            }
            _ => errors.push(error(
                "`order` must be a list of plugin names".into(),
                &["order"],
            )),
        }
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let mut plugins = Plugins::new(ordered.into_iter().map(|(_, p)| p).collect());
    for plugin in extra {
        plugins.push(Arc::clone(plugin));
    }
    Ok(plugins)
}

/// Reads one external plugin's table; `None` when it is turned off.
fn external(
    name: &str,
    options: &toml::Table,
    at: &dyn Fn(&[&str]) -> Location,
) -> Result<Option<Arc<dyn Plugin>>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let error = |message: String, keys: &[&str]| {
        Diagnostic::error(Problem::BadField { message }).at(at(keys))
    };
    for key in options.keys() {
        if !["command", "hooks", "timeout", "enabled", "options"].contains(&key.as_str()) {
            errors.push(error(format!("plugin `{name}` has no setting `{key}`"), &[name, key]).with_note(
                "an external plugin takes command, hooks, timeout, enabled and an `options` table for its own settings",
            ));
        }
    }
    if options.get("enabled").and_then(toml::Value::as_bool) == Some(false) {
        return if errors.is_empty() {
            Ok(None)
        } else {
            Err(errors)
        };
    }
    let command: Option<Vec<String>> = options.get("command").and_then(|c| {
        c.as_array()?
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .filter(|c| !c.is_empty())
    });
    if command.is_none() {
        errors.push(error(
            "`command` must be a non-empty list of strings, like [\"node\", \"plugins/x.mjs\"]"
                .into(),
            &[name, "command"],
        ));
    }
    let hooks = match options.get("hooks") {
        None => vec![Hook::Reports],
        Some(value) => match value.clone().try_into::<Vec<Hook>>() {
            Ok(hooks) if !hooks.is_empty() => hooks,
            _ => {
                errors.push(error(
                    "`hooks` must be a list of \"reports\", \"pages\" and \"output\"".into(),
                    &[name, "hooks"],
                ));
                Vec::new()
            }
        },
    };
    let timeout = match options.get("timeout") {
        None => DEFAULT_TIMEOUT,
        Some(value) => match value
            .as_float()
            .or_else(|| value.as_integer().map(|i| i as f64))
        {
            Some(seconds) if seconds > 0.0 && seconds <= 3600.0 => Duration::from_secs_f64(seconds),
            _ => {
                errors.push(error(
                    "`timeout` must be a number of seconds above 0".into(),
                    &[name, "timeout"],
                ));
                DEFAULT_TIMEOUT
            }
        },
    };
    let plugin_options: Map<String, serde_json::Value> = match options.get("options") {
        None => Map::new(),
        Some(value) => match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => {
                errors.push(error(
                    "`options` must be a table".into(),
                    &[name, "options"],
                ));
                Map::new()
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Some(Arc::new(External::new(
        name.to_string(),
        command.unwrap_or_default(),
        hooks,
        timeout,
        plugin_options,
        Some(at(&[name, "command"])),
    ))))
}
