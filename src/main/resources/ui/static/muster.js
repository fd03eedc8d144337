// Muster UI: live updates without periodic reloads. The server sends an SSE "change" event when the
// registry or a template's state changes; the page then refetches itself and swaps its live part (#live),
// leaving the forms (and what is typed in them) alone. The filter box refreshes the list as you type.
(function () {
  "use strict";
  var state = document.getElementById("live-state");
  var refreshing = false, again = false;

  function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    fetch(window.location.href, { headers: { "X-Muster-Live": "1" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("live"), current = document.getElementById("live");
        if (fresh && current) {
          var focused = document.activeElement && document.activeElement.id === "filter";
          var caret = focused ? document.activeElement.selectionStart : 0;
          current.innerHTML = fresh.innerHTML;
          bindFilter();
          if (focused) {
            var f = document.getElementById("filter");
            f.focus();
            f.setSelectionRange(caret, caret);
          }
          document.body.setAttribute("data-refreshed", String(Date.now()));
        }
      })
      .catch(function () { /* the next event retries */ })
      .finally(function () {
        refreshing = false;
        if (again) { again = false; refresh(); }
      });
  }

  var timer = null;
  function bindFilter() {
    var filter = document.getElementById("filter");
    if (!filter || filter.dataset.bound) { return; }
    filter.dataset.bound = "1";
    filter.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(window.location.href);
        url.searchParams.set("q", filter.value);
        url.searchParams.delete("page");
        history.replaceState(null, "", url);
        refresh();
      }, 200);
    });
  }

  function connect() {
    var events = new EventSource("/ui/events");
    events.addEventListener("open", function () {
      if (state) { state.textContent = "live"; state.className = "live-state on"; }
      document.body.setAttribute("data-live", "1");
      refresh(); // covers changes between this page's load (or a lost connection) and the subscription
    });
    events.addEventListener("change", refresh);
    events.addEventListener("error", function () {
      if (state) { state.textContent = "reconnecting"; state.className = "live-state"; }
      document.body.removeAttribute("data-live");
    });
  }

  bindFilter();
  if (window.EventSource) { connect(); }
})();
