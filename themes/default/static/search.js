// The search page: Pagefind's index, loaded from this site, searched in the
// browser. No query leaves the page. Without JavaScript (or if the index
// cannot load) the page shows links to every text instead.
(function () {
  "use strict";
  var form = document.querySelector("form.search-form");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var fallback = document.querySelector(".search-fallback");
  // How many results are shown; archived versions come after those in force.
  var SHOWN = 30;
  var pagefind = null;
  var latest = 0;
  fallback.hidden = true;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  // Pagefind's excerpt marks the matches with <mark>; only text and those
  // marks are kept, so nothing in an excerpt is ever markup of its own.
  function excerpt(html) {
    var out = document.createElement("p");
    out.className = "search-excerpt";
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  // The sections of a result that matched (Pagefind's sub-results that
  // lead to a heading's anchor), the one with the most matches first; ties
  // keep the text's order.
  function sections(r) {
    return (r.sub_results || [])
      .filter(function (s) { return s.url !== r.url && s.url.indexOf("#") > 0; })
      .map(function (s, i) { return { s: s, i: i }; })
      .sort(function (a, b) { return (b.s.locations || []).length - (a.s.locations || []).length || a.i - b.i; })
      .map(function (x) { return x.s; });
  }

  // A result leads to the section that matched best, and names it; other
  // sections that matched follow as links of their own.
  function show(results, query) {
    list.textContent = "";
    results.forEach(function (r) {
      var item = document.createElement("li");
      item.className = "search-result" + (r.meta.archived === "1" ? " archived" : "");
      var found = sections(r);
      var best = found[0];
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = best ? best.url : r.url;
      link.textContent = r.meta.title || r.url;
      // A name in another script (a vendor's, in an Arabic list) keeps its own direction.
      link.dir = "auto";
      heading.appendChild(link);
      item.appendChild(heading);
      if (r.meta.status) {
        var state = document.createElement("p");
        state.className = "search-result-status";
        state.textContent = r.meta.status;
        item.appendChild(state);
      }
      if (best) {
        var section = document.createElement("p");
        section.className = "search-result-section";
        section.textContent = best.title;
        section.dir = "auto";
        item.appendChild(section);
      }
      item.appendChild(excerpt((best && best.excerpt) || r.excerpt || ""));
      if (found.length > 1) {
        var more = document.createElement("ul");
        more.className = "search-result-more";
        found.slice(1, 4).forEach(function (s) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = s.url;
          a.textContent = s.title;
          li.appendChild(a);
          more.appendChild(li);
        });
        item.appendChild(more);
      }
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
  }

  function failed(error) {
    status.textContent = "";
    list.hidden = true;
    fallback.hidden = false;
    fallback.querySelector("p").textContent = fallback.getAttribute("data-failed");
    if (window.console) console.warn("privet search:", error);
  }

  function load() {
    if (!pagefind) {
      pagefind = import(form.getAttribute("data-bundle") + "pagefind.js").then(function (p) {
        return p.init().then(function () { return p; });
      });
    }
    return pagefind;
  }

  function run(query) {
    var ticket = ++latest;
    var total = 0;
    query = query.trim();
    if (!query) {
      status.textContent = "";
      show([], query);
      return;
    }
    status.textContent = status.getAttribute("data-searching");
    load()
      .then(function (p) { return p.search(query); })
      .then(function (search) {
        if (ticket !== latest || !search) return null;
        total = search.results.length;
        return Promise.all(search.results.slice(0, SHOWN * 2).map(function (r) { return r.data(); }));
      })
      .then(function (data) {
        if (ticket !== latest || !data) return;
        // A stable partition: Pagefind's order within each group.
        var ordered = data
          .filter(function (d) { return d.meta.archived !== "1"; })
          .concat(data.filter(function (d) { return d.meta.archived === "1"; }))
          .slice(0, SHOWN);
        var template = status.getAttribute(ordered.length ? "data-count" : "data-none");
        status.textContent = fill(template, { query: query, count: String(total) });
        show(ordered, query);
      })
      .catch(failed);
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      run(input.value);
    }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
