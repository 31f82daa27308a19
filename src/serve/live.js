/* versus serve: live reload. Injected into served pages only, never into
   `versus build` output. Keeps the reader's place: changed sections are
   patched in place; stylesheet-only changes swap the stylesheet. */
(function () {
  "use strict";
  var build = null, overlay = null, KEY = "versus-live-scroll";

  var saved = sessionStorage.getItem(KEY);
  if (saved) {
    sessionStorage.removeItem(KEY);
    addEventListener("load", function () { scrollTo(0, +saved); });
  }

  function reload() {
    sessionStorage.setItem(KEY, String(scrollY));
    location.reload();
  }

  function here() {
    var p = location.pathname;
    return p.endsWith("/index.html") ? p.slice(0, -10) : p;
  }

  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "versus-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.94);color:#f6f6f6;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      var title = document.createElement("p");
      title.style.cssText = "font:600 18px system-ui,sans-serif;color:#ff8a80;margin:0 0 1rem";
      title.textContent = "The site did not build. Fix the file and save: this page updates by itself.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(title);
      overlay.appendChild(pre);
    }
    overlay.lastChild.textContent = message;
    if (!overlay.isConnected) document.body.appendChild(overlay);
  }

  function hideError() {
    if (overlay && overlay.isConnected) overlay.remove();
  }

  /* Replace the elements with an id whose HTML changed; reload when the
     page's shape changed too much to patch. */
  function patch() {
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var next = new DOMParser().parseFromString(html, "text/html");
      var oldMain = document.querySelector("main"), newMain = next.querySelector("main");
      if (!oldMain || !newMain || typeof window.versusEnhance !== "function") return reload();
      document.title = next.title;
      var oldKids = ided(oldMain), newKids = ided(newMain);
      var same = oldKids.length === newKids.length && oldKids.every(function (el, i) { return el.id === newKids[i].id; });
      if (!same) {
        var y = scrollY;
        oldMain.innerHTML = newMain.innerHTML;
        window.versusEnhance(oldMain);
        scrollTo(0, y);
      } else {
        /* Outermost changed elements only: a changed section is replaced whole. */
        var replaced = [];
        newKids.forEach(function (el, i) {
          var old = oldKids[i];
          if (replaced.some(function (r) { return r.contains(old); })) return;
          if (hasChangedText(old, el)) {
            var fresh = document.importNode(el, true);
            old.replaceWith(fresh);
            replaced.push(fresh);
            window.versusEnhance(fresh);
          }
        });
      }
      document.dispatchEvent(new CustomEvent("versus:updated"));
    }).catch(reload);
  }

  /* Elements with an id of the author's or the theme's, not the ids the
     theme script gives tabs and panels. */
  function ided(root) {
    return [].slice.call(root.querySelectorAll("[id]")).filter(function (el) {
      return !/^vs-(tab|panel)-\d+$/.test(el.id);
    });
  }
  /* The theme script adds buttons, tabs and ARIA state; compare without. */
  function hasChangedText(old, el) {
    var a = old.cloneNode(true), b = el.cloneNode(true);
    [a, b].forEach(function (n) {
      [].slice.call(n.querySelectorAll(".vs-copy, .vs-tablist")).forEach(function (x) { x.remove(); });
      [].slice.call(n.querySelectorAll("[hidden],[role],[aria-labelledby],[tabindex]")).forEach(function (x) {
        x.removeAttribute("hidden"); x.removeAttribute("role"); x.removeAttribute("aria-labelledby"); x.removeAttribute("tabindex");
      });
      [].slice.call(n.querySelectorAll("figure.vs-sample")).forEach(function (x) { if (/^vs-panel-/.test(x.id)) x.removeAttribute("id"); });
    });
    return a.innerHTML !== b.innerHTML;
  }

  function swapStyles(assets) {
    [].slice.call(document.querySelectorAll('link[rel="stylesheet"]')).forEach(function (link) {
      var name = link.getAttribute("href").split("/").pop().replace(/\.[0-9a-f]{12}\./, ".");
      if (assets[name] && assets[name] !== link.getAttribute("href")) {
        var next = link.cloneNode();
        next.href = assets[name];
        next.onload = function () { link.remove(); };
        link.after(next);
      }
    });
  }

  var source = new EventSource("/__versus/events");
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    if (build !== null && data.build !== build) return reload();
    build = data.build;
    if (data.message) showError(data.message); else hideError();
  });
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    build = data.build;
    hideError();
    if (data.pages.indexOf(here()) >= 0) patch();
  });
  source.addEventListener("css", function (e) {
    var data = JSON.parse(e.data);
    build = data.build;
    hideError();
    swapStyles(data.assets);
  });
  source.addEventListener("error", function (e) {
    if (!e.data) return; /* a connection error: EventSource reconnects by itself */
    var data = JSON.parse(e.data);
    build = data.build;
    showError(data.message);
  });
})();
