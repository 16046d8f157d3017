// Live reload for `python -m builder serve`: reload on a new build, show a failed build as an overlay.
(function () {
  "use strict";
  var first = null;
  var overlay = null;

  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "build-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("dir", "ltr");
      overlay.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;background:rgba(20,16,12,.92);color:#fff;" +
        "padding:2rem;overflow:auto;font:15px/1.6 ui-monospace,monospace;white-space:pre-wrap;text-align:left";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "Build failed — still showing the last good site.\n\n" + message;
  }

  var source = new EventSource("/__livereload");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (first === null) first = state.version;
    if (state.error) return showError(state.error);
    if (state.version !== first) window.location.reload();
    else if (overlay) { overlay.remove(); overlay = null; }
  };
})();
