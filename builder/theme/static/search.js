// The search page: Pagefind's UI, in the page's language, reading ?q= so the
// header search box and shared links open with their query.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: box.dataset.bundle,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: box.dataset.placeholder }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
