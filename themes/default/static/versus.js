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
  /* Print in the light scheme (highlight.css follows data-theme and the system). */
  addEventListener("beforeprint", function () { root.dataset.theme = "light"; });
  addEventListener("afterprint", theme);
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
    attr(g.list, "role", on ? "tablist" : null);
    attr(g.list, "aria-label", on ? "Code samples" : null);
    g.figs.forEach(function (f, i) {
      var t = g.tabs[i], sel = i === g.cur;
      /* Tab roles only while the tabs show, so hidden tabs never lack panels. */
      attr(t, "role", on ? "tab" : null);
      attr(t, "aria-selected", on ? String(sel) : null);
      attr(t, "aria-controls", on ? f.pid : null);
      attr(f.panel, "id", on ? f.pid : null);
      t.tabIndex = sel ? 0 : -1;
      attr(f.panel, "role", on ? "tabpanel" : null);
      attr(f.panel, "aria-labelledby", on ? t.id : null);
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
    g.tabs = figs.map(function (f, i) {
      var n = ++uid, name = f.querySelector(".vs-sample-name");
      var t = make("button", "vs-tab", name ? name.textContent.trim() : "Sample " + (i + 1));
      t.type = "button";
      t.id = "vs-tab-" + n;
      /* The panel is the code: a <figure> with a caption may not take a role. */
      f.panel = f.querySelector("pre") || f;
      f.pid = "vs-panel-" + n;
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
    all(".prefs", scope).concat(scope.matches && scope.matches(".prefs") ? [scope] : []).forEach(prefs);
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

  /* (d) Section links: following one also copies its full address. */
  d.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.vs-anchor, a.anchor");
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    copy(a.href).then(function () {
      a.classList.add("is-copied");
      live.textContent = "Link copied";
      setTimeout(function () { a.classList.remove("is-copied"); live.textContent = ""; }, 1600);
    }, function () {});
  });

  /* (e) The floating "Score" link hides while a scoreboard is in view. */
  var jump = d.querySelector(".score-jump"), seen = {};
  if (jump && window.IntersectionObserver) {
    var io = new IntersectionObserver(function (es) {
      es.forEach(function (en) { seen[en.target.id] = en.isIntersecting; });
      jump.classList.toggle("is-off", !!(seen["vs-scoreboard"] || seen.verdict));
    });
    ["vs-scoreboard", "verdict"].forEach(function (id) { var el = d.getElementById(id); if (el) io.observe(el); });
  }

  /* (f) "Your priorities": each criterion's points count 0-3 times; the
     weights live in the address (?w=speed:2,syntax:0) so it can be shared.
     With the author's weights the markup stays as built (live preview diffs it). */
  function names(n) { return n.length < 2 ? n[0] : n.slice(0, -1).join(", ") + " and " + n[n.length - 1]; }
  function set(el, text) { if (el.textContent !== text) el.textContent = text; }
  function prop(el, k, v) { if (el.style.getPropertyValue(k).trim() !== String(v)) el.style.setProperty(k, v); }
  function prefs(form) {
    if (form.vsReady) return;
    form.vsReady = true;
    var rows = all(".pref", form), head = form.querySelector(".prefs-headline");
    var list = form.querySelector(".prefs-totals");
    var who = all(".prefs-total", form).map(function (li) {
      return { id: li.dataset.id, li: li, n: li.querySelector(".prefs-points"),
        name: li.querySelector(".prefs-name").textContent.trim() };
    });
    rows.forEach(function (r) {
      r.sel = r.querySelector("select");
      r.pts = {};
      (r.dataset.points || "").split(",").forEach(function (kv) {
        var i = kv.lastIndexOf(":");
        if (i > 0) r.pts[kv.slice(0, i)] = +kv.slice(i + 1) || 0;
      });
    });
    function update() {
      var tot = who.map(function (c) {
        return rows.reduce(function (s, r) { return s + (r.pts[c.id] || 0) * r.sel.value; }, 0);
      });
      var max = Math.max.apply(null, tot), top = who.filter(function (c, i) { return tot[i] === max; });
      var low = tot.filter(function (t) { return t !== max; })[0];
      set(head, "For your priorities: " + (!max ? "No points awarded"
        : top.length > 1 ? names(top.map(function (c) { return c.name; })) + " tie on " + max
        : top[0].name + " wins " + (who.length === 2 ? max + " \u2013 " + low : "with " + max + " point" + (max === 1 ? "" : "s"))));
      prop(list, "--max", max || 1);
      who.forEach(function (c, i) {
        prop(c.li, "--v", tot[i]);
        c.li.classList.toggle("is-winner", max > 0 && tot[i] === max);
        set(c.n.firstChild, String(tot[i]));
        set(c.n.lastChild, " point" + (tot[i] === 1 ? "" : "s"));
      });
    }
    function save() {
      var w = rows.filter(function (r) { return r.sel.value !== "1"; })
        .map(function (r) { return r.dataset.key + ":" + r.sel.value; }).join(",");
      var q = new URLSearchParams(location.search);
      q.delete("w");
      q = q.toString();
      if (w) q += (q ? "&" : "") + "w=" + w;
      history.replaceState(history.state, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }
    var w = {};
    (new URLSearchParams(location.search).get("w") || "").split(",").forEach(function (kv) {
      var m = /^(.+):([0-3])$/.exec(kv);
      if (m) w[m[1]] = m[2];
    });
    rows.forEach(function (r) { r.sel.value = w[r.dataset.key] || "1"; });
    form.addEventListener("change", function () { update(); save(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.querySelector(".prefs-reset").addEventListener("click", function () {
      rows.forEach(function (r) { r.sel.value = "1"; });
      update();
      save();
    });
    update();
    form.hidden = false;
  }
})();
