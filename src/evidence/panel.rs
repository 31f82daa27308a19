//! The output panel under a sample: a `<details>` element labelled with the
//! command and the runtime's version, holding what the sample printed as
//! plain text.
//!
//! ```html
//! <details class="vs-output" data-state="done" open>
//!   <summary>Output <code class="vs-output-command">node node.js</code>
//!     <span class="vs-output-version">v22.11.0</span></summary>
//!   <pre class="vs-output-text"><code>…</code></pre>
//!   <p class="vs-output-meta">exit 0</p>
//! </details>
//! ```

use super::runner::RunRecord;
use crate::util::html::escape_html;

/// What the panel shows.
#[derive(Debug, Clone)]
pub enum PanelState<'a> {
    /// The run finished.
    Done(&'a RunRecord),
    /// The run is under way (`versus serve` does not wait for it).
    Running,
    /// The run gave no output: why.
    Failed(&'a str),
}

/// The panel's HTML.
pub fn panel_html(command: &str, version: &str, state: PanelState<'_>) -> String {
    let summary = format!(
        "<summary><span class=\"vs-output-label\">Output</span> \
         <code class=\"vs-output-command\">{}</code> \
         <span class=\"vs-output-version\">{}</span></summary>\n",
        escape_html(command),
        escape_html(version)
    );
    let copy = "<button type=\"button\" class=\"vs-output-copy\" hidden>Copy output</button>\n";
    match state {
        PanelState::Done(record) => {
            let mut html =
                format!("<details class=\"vs-output\" data-state=\"done\" open>\n{summary}{copy}");
            if record.stdout.is_empty() {
                html.push_str("<p class=\"vs-output-empty\">(no output)</p>\n");
            } else {
                html.push_str(&format!(
                    "<pre class=\"vs-output-text\" tabindex=\"0\"><code>{}</code></pre>\n",
                    escape_html(&record.stdout)
                ));
            }
            if !record.stderr.is_empty() {
                html.push_str(&format!(
                    "<p class=\"vs-output-stream\">Standard error</p>\n\
                     <pre class=\"vs-output-text vs-output-stderr\" tabindex=\"0\"><code>{}</code></pre>\n",
                    escape_html(&record.stderr)
                ));
            }
            // The wall time is recorded but not shown: it changes from run
            // to run, and a page must be the same however it was built.
            html.push_str(&format!(
                "<p class=\"vs-output-meta\">{}</p>\n</details>\n",
                escape_html(&record.status_text()),
            ));
            html
        }
        PanelState::Running => format!(
            "<details class=\"vs-output\" data-state=\"running\" open>\n{summary}\
             <p class=\"vs-output-empty\" role=\"status\">Running…</p>\n</details>\n"
        ),
        PanelState::Failed(reason) => format!(
            "<details class=\"vs-output\" data-state=\"failed\" open>\n{summary}\
             <p class=\"vs-output-empty\">Did not run: {}</p>\n</details>\n",
            escape_html(reason)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_run_shows_command_version_output_and_status() {
        let record = RunRecord {
            stdout: "<b>hi</b>\n".into(),
            stderr: String::new(),
            exit_code: Some(0),
            signal: None,
            wall_micros: 41_000,
        };
        let html = panel_html("node node.js", "v22.1.0", PanelState::Done(&record));
        assert!(html.contains("<code class=\"vs-output-command\">node node.js</code>"));
        assert!(html.contains("v22.1.0"));
        assert!(html.contains("&lt;b&gt;hi&lt;/b&gt;"));
        assert!(html.contains("<p class=\"vs-output-meta\">exit 0</p>"));
        assert!(!html.contains("Standard error"));
    }
}
