/* versus default theme: theme toggle, copy buttons, sample tabs, contents highlight.
   No dependencies; loaded with defer. Everything works without it. */
(function () {
  "use strict";
  var d = document, root = d.documentElement;
  function get(k) { try { return localStorage.getItem(k); } catch (e) { return null; } }
  function put(k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  function watch(mq, fn) { mq.addEventListener ? mq.addEventListener("change", fn) : mq.addListener(fn); }
  function each(sel, fn) { Array.prototype.forEach.call(d.querySelectorAll(sel), fn); }

  /* (a) Light/dark toggle. CSS follows the system; a stored choice overrides it. */
  var THEME = "versus-theme", sys = matchMedia("(prefers-color-scheme: dark)");
  var toggle = d.getElementById("vs-theme-toggle");
  function applyTheme() {
    var t = get(THEME);
    if (t !== "dark" && t !== "light") t = null;
    root.dataset.theme = t || "auto";
    if (toggle) toggle.setAttribute("aria-pressed", String(t ? t === "dark" : sys.matches));
  }
  applyTheme();
  watch(sys, applyTheme);
  addEventListener("storage", function (e) { if (e.key === THEME) applyTheme(); });
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      put(THEME, toggle.getAttribute("aria-pressed") === "true" ? "light" : "dark");
      applyTheme();
    });
  }

  /* (b) Copy buttons on every sample and fenced code block. */
  var live = d.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  d.body.appendChild(live);

  function copyText(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
    return new Promise(function (ok, ko) {
      var ta = d.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.cssText = "position:fixed;top:0;opacity:0";
      d.body.appendChild(ta);
      ta.select();
      try { if (d.execCommand("copy")) ok(); else ko(); } catch (e) { ko(e); }
      ta.remove();
    });
  }

  each("pre.vs-code", function (pre) {
    var code = pre.querySelector("code") || pre;
    var fig = pre.closest("figure.vs-sample");
    var cap = fig && fig.querySelector("figcaption");
    var nameEl = fig && fig.querySelector(".vs-sample-name");
    var what = nameEl ? nameEl.textContent.trim() + " code" : "code";
    var label = "Copy " + what, timer;
    var b = d.createElement("button");
    b.type = "button";
    b.className = "vs-copy";
    b.textContent = "Copy";
    b.setAttribute("aria-label", label);
    function show(text, msg) {
      b.textContent = text;
      b.setAttribute("aria-label", text);
      b.classList.add("is-done");
      live.textContent = msg;
      clearTimeout(timer);
      timer = setTimeout(function () {
        b.textContent = "Copy";
        b.setAttribute("aria-label", label);
        b.classList.remove("is-done");
        live.textContent = "";
      }, 2000);
    }
    b.addEventListener("click", function () {
      copyText(code.textContent).then(
        function () { show("Copied", "Copied " + what + " to the clipboard"); },
        function () { show("Copy failed", "Could not copy; select the code to copy it"); });
    });
    if (cap) {
      cap.appendChild(b);
    } else {
      var wrap = d.createElement("div");
      wrap.className = "vs-code-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      wrap.appendChild(b);
    }
  });

  /* (c) Sample groups become tabs on narrow screens (ARIA tab pattern). */
  var TAB = "versus-tab", narrow = matchMedia("screen and (max-width: 759.98px)");
  var groups = [], uid = 0;

  function render(g) {
    var on = narrow.matches;
    g.list.hidden = !on;
    g.el.classList.toggle("is-tabs", on);
    g.figs.forEach(function (f, i) {
      var t = g.tabs[i], sel = i === g.cur;
      t.setAttribute("aria-selected", String(sel));
      t.tabIndex = sel ? 0 : -1;
      if (on) {
        f.setAttribute("role", "tabpanel");
        f.setAttribute("aria-labelledby", t.id);
      } else {
        f.removeAttribute("role");
        f.removeAttribute("aria-labelledby");
      }
      f.hidden = on && !sel;
    });
  }
  function pick(g, who) {
    for (var i = 0; i < g.tabs.length; i++) {
      if (g.tabs[i].dataset.contender === who) { g.cur = i; break; }
    }
    render(g);
  }
  function select(g, i) {
    var who = g.tabs[i].dataset.contender;
    g.cur = i;
    render(g);
    if (who) {
      put(TAB, who);
      groups.forEach(function (o) { if (o !== g) pick(o, who); });
    }
  }

  each(".vs-samples", function (el) {
    var figs = Array.prototype.filter.call(el.children, function (c) { return c.matches("figure.vs-sample"); });
    if (figs.length < 2) return;
    var g = { el: el, figs: figs, cur: 0, list: d.createElement("div") };
    g.list.className = "vs-tablist";
    g.list.setAttribute("role", "tablist");
    g.list.setAttribute("aria-label", "Code samples");
    g.tabs = figs.map(function (f, i) {
      var n = ++uid, t = d.createElement("button"), name = f.querySelector(".vs-sample-name");
      if (!f.id) f.id = "vs-panel-" + n;
      t.type = "button";
      t.id = "vs-tab-" + n;
      t.className = "vs-tab";
      t.setAttribute("role", "tab");
      t.setAttribute("aria-controls", f.id);
      if (f.dataset.contender) t.dataset.contender = f.dataset.contender;
      t.textContent = name ? name.textContent.trim() : "Sample " + (i + 1);
      t.addEventListener("click", function () { select(g, i); });
      g.list.appendChild(t);
      return t;
    });
    g.list.addEventListener("keydown", function (e) {
      var n = g.tabs.length, i = g.tabs.indexOf(d.activeElement), j;
      if (i < 0) return;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") j = (i + 1) % n;
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") j = (i + n - 1) % n;
      else if (e.key === "Home") j = 0;
      else if (e.key === "End") j = n - 1;
      else return;
      e.preventDefault();
      select(g, j);
      g.tabs[j].focus();
    });
    el.insertBefore(g.list, el.firstChild);
    groups.push(g);
  });
  var saved = get(TAB);
  groups.forEach(function (g) { if (saved) pick(g, saved); else render(g); });
  watch(narrow, function () { groups.forEach(render); });

  /* Mark the section being read in the side contents. */
  var links = d.querySelectorAll('.toc-side a[href^="#"]');
  if (links.length && "IntersectionObserver" in window) {
    var byId = {};
    Array.prototype.forEach.call(links, function (a) { byId[decodeURIComponent(a.hash.slice(1))] = a; });
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        var a = byId[e.target.id];
        if (!e.isIntersecting || !a) return;
        Array.prototype.forEach.call(links, function (l) { l.removeAttribute("aria-current"); });
        a.setAttribute("aria-current", "location");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) { var s = d.getElementById(id); if (s) io.observe(s); });
  }
})();
