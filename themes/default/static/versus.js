/* versus default theme. No dependencies, deferred; pages work without it. */
(function () {
  "use strict";
  var d = document, root = d.documentElement;
  function get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
  function put(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* blocked */ } }
  function all(sel, ctx) { return [].slice.call((ctx || d).querySelectorAll(sel)); }
  function attr(el, k, v) { v == null ? el.removeAttribute(k) : el.setAttribute(k, v); }
  function make(tag, cls, text) { var el = d.createElement(tag); el.className = cls; if (text) el.textContent = text; return el; }

  /* (a) Theme toggle: CSS follows the system; a stored choice wins. */
  var THEME = "versus-theme", sys = matchMedia("(prefers-color-scheme: dark)");
  var toggle = d.getElementById("vs-theme-toggle");
  function theme() {
    var t = get(THEME);
    if (t !== "dark" && t !== "light") t = "";
    root.dataset.theme = t || "auto";
    if (toggle) attr(toggle, "aria-pressed", String(t ? t === "dark" : sys.matches));
  }
  theme();
  sys.addEventListener("change", theme);
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      put(THEME, toggle.getAttribute("aria-pressed") === "true" ? "light" : "dark");
      theme();
    });
  }

  /* (b) Copy buttons on samples and fenced code. */
  var live = make("div", "visually-hidden");
  attr(live, "aria-live", "polite");
  d.body.appendChild(live);
  function copy(text) {
    var c = navigator.clipboard;
    if (c && c.writeText) return c.writeText(text);
    return new Promise(function (ok, ko) {
      var ta = make("textarea", "visually-hidden"), was = d.activeElement;
      ta.value = text;
      ta.style.position = "fixed";
      d.body.appendChild(ta);
      ta.select();
      try { d.execCommand("copy") ? ok() : ko(); } catch (e) { ko(e); }
      ta.remove();
      if (was) was.focus();
    });
  }
  function enhanceCode(scope) { all("pre.vs-code", scope).forEach(function (pre) {
    var code = pre.querySelector("code") || pre, fig = pre.closest("figure.vs-sample");
    var cap = fig && fig.querySelector("figcaption"), name = fig && fig.querySelector(".vs-sample-name");
    var what = (name ? name.textContent.trim() + " " : "") + "code", label = "Copy " + what, timer;
    var b = make("button", "vs-copy");
    b.type = "button";
    show("Copy", "", label);
    function show(text, msg, aria) {
      b.textContent = text;
      attr(b, "aria-label", aria || text);
      b.classList.toggle("is-done", !!msg);
      live.textContent = msg;
    }
    b.addEventListener("click", function () {
      copy(code.textContent).then(function () { show("Copied", "Copied " + what); },
        function () { show("Copy failed", "Could not copy; select the code instead"); });
      clearTimeout(timer);
      timer = setTimeout(function () { show("Copy", "", label); }, 2000);
    });
    if (cap) return cap.appendChild(b);
    var wrap = make("div", "vs-code-wrap");
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    wrap.appendChild(b);
  }); }

  /* (c) Narrow screens: sample groups become tabs (ARIA tab pattern). */
  var TAB = "versus-tab", narrow = matchMedia("screen and (max-width: 759.98px)"), groups = [], uid = 0;
  function render(g) {
    var on = narrow.matches;
    g.list.hidden = !on;
    g.figs.forEach(function (f, i) {
      var t = g.tabs[i], sel = i === g.cur;
      attr(t, "aria-selected", String(sel));
      t.tabIndex = sel ? 0 : -1;
      attr(f, "role", on ? "tabpanel" : null);
      attr(f, "aria-labelledby", on ? t.id : null);
      f.hidden = on && !sel;
    });
  }
  function pick(g, who) {
    g.tabs.forEach(function (t, i) { if (t.dataset.contender === who) g.cur = i; });
    render(g);
  }
  function select(g, i) {
    var who = g.tabs[i].dataset.contender;
    g.cur = i;
    render(g);
    if (!who) return;
    put(TAB, who);
    groups.forEach(function (o) { if (o !== g) pick(o, who); });
  }
  function enhanceSamples(scope) { all(".vs-samples", scope).forEach(function (el) {
    var figs = all(":scope > figure.vs-sample", el);
    if (figs.length < 2) return;
    var g = { figs: figs, cur: 0, list: make("div", "vs-tablist") };
    attr(g.list, "role", "tablist");
    attr(g.list, "aria-label", "Code samples");
    g.tabs = figs.map(function (f, i) {
      var n = ++uid, name = f.querySelector(".vs-sample-name");
      var t = make("button", "vs-tab", name ? name.textContent.trim() : "Sample " + (i + 1));
      t.type = "button";
      t.id = "vs-tab-" + n;
      f.id = f.id || "vs-panel-" + n;
      attr(t, "role", "tab");
      attr(t, "aria-controls", f.id);
      if (f.dataset.contender) t.dataset.contender = f.dataset.contender;
      t.addEventListener("click", function () { select(g, i); });
      g.list.appendChild(t);
      return t;
    });
    g.list.addEventListener("keydown", function (e) {
      var n = g.tabs.length, i = g.tabs.indexOf(d.activeElement);
      var j = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[e.key];
      if (i < 0 || j == null) return;
      e.preventDefault();
      select(g, j % n);
      g.tabs[j % n].focus();
    });
    el.insertBefore(g.list, el.firstChild);
    groups.push(g);
  });
  var saved = get(TAB);
  groups.forEach(function (g) { pick(g, saved); }); }
  /* Enhances a part of the page; the live preview calls it on parts it patches. */
  function enhance(scope) {
    groups = groups.filter(function (g) { return g.list.isConnected; });
    enhanceCode(scope);
    enhanceSamples(scope);
  }
  enhance(d);
  window.versusEnhance = enhance;
  narrow.addEventListener("change", function () { groups.forEach(render); });

  /* Side contents: mark the section in view. */
  var links = all('.toc-side a[href^="#"]');
  var secs = links.map(function (a) { return d.getElementById(decodeURIComponent(a.hash.slice(1))); });
  function spy() {
    var h = innerHeight, end = scrollY + h >= root.scrollHeight - 2, cur = -1;
    secs.forEach(function (s, i) {
      var top = s ? s.getBoundingClientRect().top : h;
      if (top <= h * 0.3 || (end && top < h)) cur = i;
    });
    links.forEach(function (a, i) { attr(a, "aria-current", i === cur ? "location" : null); });
  }
  if (links.length) {
    addEventListener("scroll", spy, { passive: true });
    spy();
  }
})();
