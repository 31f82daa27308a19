/* versus default theme. No dependencies, deferred; pages work without it. */
(function () {
  "use strict";
  var d = document, root = d.documentElement;
  /* Controls that only work with this script show from here on. */
  root.classList.add("vs-js");
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

  /* (c) Sample groups become tabs (ARIA tab pattern) where two columns
     cannot hold 60 characters each (the --col width of style.css). */
  var TAB = "versus-tab", groups = [], uid = 0;
  function tight(g) {
    var probe = g.probe, gap = parseFloat(getComputedStyle(g.el).columnGap) || 0;
    return g.el.clientWidth < 2 * probe.offsetWidth + gap;
  }
  function render(g) {
    var on = !matchMedia("print").matches && tight(g);
    if (on === g.on) return;
    g.on = on;
    draw(g);
  }
  function draw(g) {
    var on = g.on;
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
    draw(g);
  }
  function select(g, i) {
    var who = g.tabs[i].dataset.contender;
    g.cur = i;
    draw(g);
    if (!who) return;
    put(TAB, who);
    groups.forEach(function (o) { if (o !== g) pick(o, who); });
  }
  function enhanceSamples(scope) { all(".vs-samples", scope).forEach(function (el) {
    var figs = all(":scope > figure.vs-sample", el);
    if (figs.length < 2) return;
    var g = { el: el, figs: figs, cur: 0, on: false, list: make("div", "vs-tablist"), probe: make("span", "vs-col-probe") };
    attr(g.probe, "aria-hidden", "true");
    el.appendChild(g.probe);
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
    g.list.hidden = true;
    groups.push(g);
  });
  var saved = get(TAB);
  groups.forEach(function (g) { g.cur = Math.max(0, g.tabs.map(function (t) { return t.dataset.contender; }).indexOf(saved)); render(g); });
  if (window.ResizeObserver) {
    var ro = new ResizeObserver(function () { groups.forEach(render); });
    groups.forEach(function (g) { ro.observe(g.el); });
  } }
  /* Enhances a part of the page; the live preview calls it on parts it patches. */
  function enhance(scope) {
    groups = groups.filter(function (g) { return g.list.isConnected; });
    enhanceCode(scope);
    enhanceSamples(scope);
    all(".prefs", scope).concat(scope.matches && scope.matches(".prefs") ? [scope] : []).forEach(prefs);
  }
  enhance(d);
  window.versusEnhance = enhance;
  /* Print shows every sample; the screen layout comes back after. */
  addEventListener("beforeprint", function () { groups.forEach(function (g) { g.on = true; render(g); }); });
  addEventListener("afterprint", function () { groups.forEach(render); });

  /* Contents: mark the section in view; the compact bar names it and shows
     how far the page is read. */
  var links = all('.toc-side .toc-list a[href^="#"]');
  var secs = links.map(function (a) { return d.getElementById(decodeURIComponent(a.hash.slice(1))); });
  var current = d.querySelector(".toc-current"), bar = d.querySelector(".toc-progress-bar");
  var first = current ? current.textContent : "", queued = false;
  function spy() {
    queued = false;
    var h = innerHeight, end = scrollY + h >= root.scrollHeight - 2, cur = -1;
    secs.forEach(function (s, i) {
      var top = s ? s.getBoundingClientRect().top : h;
      if (top <= h * 0.3 || (end && top < h)) cur = i;
    });
    links.forEach(function (a, i) { attr(a, "aria-current", i === cur ? "location" : null); });
    if (current) {
      var a = links[cur], t = a && (a.querySelector(".toc-title") || a);
      set(current, t ? (a.querySelector(".toc-num") ? a.querySelector(".toc-num").textContent + " " : "") + t.textContent : first);
    }
    if (bar) bar.style.setProperty("--progress", String(Math.min(1, scrollY / Math.max(1, root.scrollHeight - h))));
  }
  if (links.length) {
    addEventListener("scroll", function () { if (!queued) { queued = true; requestAnimationFrame(spy); } }, { passive: true });
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

  /* (e) "Your priorities": each criterion's points count 0-3 times; the
     weights live in the address (?w=speed:2,syntax:0) so it can be shared.
     With other weights than the author's, every score on the page (the
     scoreboard, the running scores, the summary, the verdict, the contents)
     shows the reader's result, labelled as theirs, with the author's beside
     it. With the author's weights the markup stays as built (the live
     preview diffs it). */
  function names(n) { return n.length < 2 ? n[0] : n.slice(0, -1).join(", ") + " and " + n[n.length - 1]; }
  function set(el, text) { if (el && el.textContent !== text) el.textContent = text; }
  function prop(el, k, v) { if (el.style.getPropertyValue(k).trim() !== String(v)) el.style.setProperty(k, v); }
  function scoreText(who, tot) {
    return who.length === 2 ? who[0].name + " " + tot[0] + " \u2013 " + tot[1] + " " + who[1].name
      : who.map(function (c, i) { return c.name + " " + tot[i]; }).join(" \u00b7 ");
  }
  function headline(who, tot) {
    var max = Math.max.apply(null, tot), top = who.filter(function (c, i) { return tot[i] === max; });
    return !max ? "No points awarded" : top.length > 1
      ? names(top.map(function (c) { return c.name; })) + " tie on " + max : top[0].name + " wins";
  }
  function points(el, n) {
    set(el.firstChild, String(n));
    if (el.lastChild !== el.firstChild) set(el.lastChild, " point" + (n === 1 ? "" : "s"));
  }
  function prefs(form) {
    if (form.vsReady) return;
    form.vsReady = true;
    var rows = all(".pref", form), byKey = {};
    var board = d.getElementById("vs-scoreboard"), verdict = d.getElementById("verdict");
    if (!board || !verdict) return;
    var who = all(".totals .total", board).map(function (li) {
      return { id: li.dataset.contender, li: li, n: li.querySelector(".total-points"),
        name: li.querySelector(".total-name").textContent.trim() };
    });
    rows.forEach(function (r) {
      r.sel = r.querySelector("select");
      r.pts = {};
      byKey[r.dataset.key] = r;
      (r.dataset.points || "").split(",").forEach(function (kv) {
        var i = kv.lastIndexOf(":");
        if (i > 0) r.pts[kv.slice(0, i)] = +kv.slice(i + 1) || 0;
      });
    });
    var el = {
      head: board.querySelector(".score-headline"), score: board.querySelector(".score-text"),
      whose: board.querySelector(".score-whose"), link: board.querySelector(".score-prefs"), vWhose: verdict.querySelector(".verdict-whose"),
      vHead: verdict.querySelector(".verdict-headline"), vScore: verdict.querySelector(".verdict-score"),
      vAuthor: verdict.querySelector(".verdict-author"), list: verdict.querySelector(".standings"),
      tocs: all(".toc-verdict"), tallies: all(".tally[data-key]"),
      igTotals: all(".vs-ig-total"), igTitles: all(".infographic svg > title")
    };
    var standings = all(".standing", el.list);
    /* The author's result, as built. */
    var author = {
      head: el.head.textContent, score: el.score.textContent, whose: el.whose.textContent, link: el.link.textContent,
      tallies: el.tallies.map(function (t) { return t.querySelector(".tally-text").textContent; }),
      titles: el.igTitles.map(function (t) { return t.textContent; }),
      order: standings.slice()
    };
    var resets = all(".vs-author-reset");
    function update() {
      var mine = rows.some(function (r) { return r.sel.value !== "1"; });
      var weight = function (key) { var r = byKey[key]; return r ? +r.sel.value : 1; };
      var tot = who.map(function (c) {
        return rows.reduce(function (s, r) { return s + (r.pts[c.id] || 0) * r.sel.value; }, 0);
      });
      var max = Math.max.apply(null, tot), head = headline(who, tot), score = scoreText(who, tot);
      board.classList.toggle("is-reader", mine);
      set(el.head, mine ? "For your priorities: " + head : author.head);
      set(el.score, mine ? score : author.score);
      set(el.whose, mine ? "With the author\u2019s weights: " + author.head + ", " + author.score + "." : author.whose);
      set(el.link, mine ? "Change your priorities" : author.link);
      resets.forEach(function (b) { b.hidden = !mine; });
      el.vWhose.hidden = !mine;
      el.vAuthor.hidden = !mine;
      set(el.vHead, mine ? head : author.head);
      set(el.vScore, mine ? score : author.score);
      el.tocs.forEach(function (t) { set(t, mine ? head + " (your priorities)" : author.head); });
      who.forEach(function (c, i) {
        c.li.classList.toggle("is-top", max > 0 && tot[i] === max);
        points(c.n, tot[i]);
      });
      /* The ranking, reordered for the reader's totals (ties keep page order). */
      prop(el.list, "--max", max || 1);
      var order = mine ? standings.slice().sort(function (a, b) {
        return tot[who.findIndex(function (c) { return c.id === b.dataset.id; })] -
          tot[who.findIndex(function (c) { return c.id === a.dataset.id; })] || author.order.indexOf(a) - author.order.indexOf(b);
      }) : author.order;
      var moved = order.some(function (li, i) { return el.list.children[i] !== li; });
      order.forEach(function (li) {
        var t = tot[who.findIndex(function (c) { return c.id === li.dataset.id; })];
        prop(li, "--v", t);
        li.classList.toggle("is-winner", max > 0 && t === max);
        set(li.querySelector(".rank").lastChild, String(1 + tot.filter(function (x) { return x > t; }).length));
        points(li.querySelector(".standing-total"), t);
        if (moved) el.list.appendChild(li);
      });
      /* Running scores, criterion by criterion. */
      var run = who.map(function () { return 0; });
      el.tallies.forEach(function (t, k) {
        var r = byKey[t.dataset.key];
        who.forEach(function (c, i) { run[i] += ((r && r.pts[c.id]) || 0) * weight(t.dataset.key); });
        set(t.querySelector(".tally-label"), mine ? "Running score, your priorities" : "Running score");
        set(t.querySelector(".tally-text"), mine ? scoreText(who, run) : author.tallies[k]);
      });
      el.igTotals.forEach(function (t) {
        var i = who.findIndex(function (c) { return c.id === t.dataset.contender; });
        if (i < 0) return;
        set(t, String(tot[i]));
        attr(t, "font-weight", max > 0 && tot[i] === max ? "800" : "500");
      });
      el.igTitles.forEach(function (t, k) {
        set(t, mine ? head + ". Final score for your priorities: " + score + "." : author.titles[k]);
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
    function reset() {
      rows.forEach(function (r) { r.sel.value = "1"; });
      update();
      save();
    }
    form.addEventListener("change", function () { update(); save(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.querySelector(".prefs-reset").addEventListener("click", reset);
    resets.forEach(function (b) { b.addEventListener("click", reset); });
    update();
    form.hidden = false;
  }
})();
