/* Evidence: a copy button on each sample's output panel. Clicks are handled
   on the document, so panels replaced by the live preview keep working. */
(function () {
  "use strict";
  var d = document;
  function show() {
    d.querySelectorAll(".vs-output-copy[hidden]").forEach(function (b) {
      if (b.parentNode.querySelector(".vs-output-text")) b.hidden = false;
    });
  }
  d.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".vs-output-copy");
    if (!b) return;
    var pre = b.parentNode.querySelector(".vs-output-text");
    if (!pre || !navigator.clipboard) return;
    navigator.clipboard.writeText(pre.textContent).then(function () {
      b.textContent = "Copied";
      setTimeout(function () { b.textContent = "Copy output"; }, 2000);
    }, function () { b.textContent = "Copy failed"; });
  });
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", show); else show();
  new MutationObserver(show).observe(d.documentElement, { childList: true, subtree: true });
})();
