// The search page: routes on the URL hash, reads the JSON API, builds the DOM.
//
// Archived text is never parsed as HTML: every string from the API goes into the page
// through text nodes (el() below), and the only markup added around it is <mark> for
// the match spans the API reports. Links are built only to our own routes and to
// http(s) URLs.
"use strict";

(function () {
  const main = document.getElementById("main");
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const PER_PAGE = 10;
  const MAX_PAGE = 1000;
  const FACET_SOURCES = 12;
  const KIND_NAMES = { article: "文章", related: "其他文献" };
  const SORT_NAMES = { relevance: "相关度", citations: "被引量", year: "年份" };
  let lastSearch = null;   // hash of the last results page, for "back to results"
  let lastQuery = "";      // its query: documents opened from it mark its matches
  let generation = 0;      // a newer navigation makes older responses stale

  // el("a", {href: "#/"}, "text", child, ...): an element whose strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // Text from the archive or the user (titles, sources, snippets, queries), as opposed to
  // the page's own words: marked translate="no", so a browser's translator leaves it
  // as it was saved (and the page's own words can be told from it).
  function data(...children) {
    return el("span", { translate: "no" }, ...children);
  }

  // The snippet with each [start, end) span (code-point offsets, as the API counts) in <mark>.
  function highlighted(snippet, spans) {
    const chars = Array.from(snippet || "");
    const frag = document.createDocumentFragment();
    let last = 0;
    for (const [start, end] of spans || []) {
      if (start < last || end <= start) continue;
      if (start > last) frag.append(document.createTextNode(chars.slice(last, start).join("")));
      frag.append(el("mark", null, chars.slice(start, end).join("")));
      last = end;
    }
    if (last < chars.length) frag.append(document.createTextNode(chars.slice(last).join("")));
    return frag;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function link(url) {
    const safe = safeUrl(url);
    return safe ? el("a", { href: safe, rel: "noopener noreferrer nofollow", target: "_blank", translate: "no" }, url) : url;
  }

  function searchHash(params) {
    const qs = new URLSearchParams();
    for (const key of ["q", "kind", "source", "year", "sort", "page"]) {
      const v = params[key];
      if (v && !(key === "page" && Number(v) === 1) && !(key === "sort" && v === "relevance")) qs.set(key, v);
    }
    return "#/search?" + qs.toString();
  }

  async function api(path) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: "application/json" } });
    } catch (e) {
      throw new Error("无法连接服务器");
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : "HTTP " + response.status;
      const err = new Error(message);
      err.status = response.status;
      err.code = body && body.error ? body.error.code : null;
      throw err;
    }
    return body;
  }

  function show(...nodes) {
    main.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined));   // not the text "null"
  }

  function notice(text, cls) {
    return el("p", { class: "notice " + (cls || "") }, text);
  }

  // The API's error codes in Chinese (a command to run is `quoted`, shown as code).
  const ERROR_TEXT = {
    bad_query: "这个查询无法理解，请修改后再试。",
    bad_parameter: "请求的参数有误。",
    bad_id: "这不是有效的文档编号。",
    not_found: "没有找到这个文档。",
    index_unavailable: "索引尚未建立、正在建立或已损坏，请稍后再试（或运行 `wenyuan reindex`）。",
    archive_unavailable: "还没有文库：请先导入页面（`wenyuan import 文件夹`）。",
    store_error: "文库中的这份数据无法读取。",
    unauthorized: "这个服务器需要令牌才能访问。",
    bad_host: "这个服务器不接受这个主机名。",
    internal_error: "服务器内部出错，详情见服务器日志。",
    method_not_allowed: "这个地址不接受这种请求。",
    cancelled: "搜索已取消。",
  };

  // How a page was saved, as the archive records it (archive/page.py's forms).
  const FORM_TEXT = { html: "HTML 网页", mhtml: "MHTML 网页存档", text: "纯文本" };

  function errorNotice(e) {
    const text = ERROR_TEXT[e.code] || (e.status ? "出错了。" : "无法连接服务器。");
    // The API's own sentence says what exactly is wrong with a query or a parameter; it is
    // English, and marked so. For the other codes the Chinese text says all there is.
    const detail = e.message && ["bad_query", "bad_parameter"].includes(e.code)
      ? el("span", { class: "detail", lang: "en" }, " (" + e.message + ")") : null;
    const words = text.split("`").map((part, i) => i % 2 ? el("code", null, part) : part);
    return el("p", { class: "notice " + (e.status === 503 ? "warn" : "error"), "data-code": e.code || "" },
      ...words, detail);
  }

  function localTime(iso) {
    // Stored in UTC (…Z); shown in the reader's own time zone.
    const t = iso ? new Date(iso) : null;
    return t && !isNaN(t) ? t.toLocaleString("zh-CN", { hour12: false }) : iso;
  }

  // ---------------------------------------------------------------- search

  async function renderSearch(params) {
    const mine = ++generation;
    input.value = params.q || "";
    if (!params.q) return renderHome();
    lastSearch = location.hash;
    lastQuery = params.q;
    document.title = params.q + " · 文渊";
    show(notice("搜索中…"));
    const qs = new URLSearchParams({ q: params.q, page: params.page || 1, per_page: PER_PAGE });
    for (const key of ["kind", "source", "year", "sort"]) if (params[key]) qs.set(key, params[key]);
    let result;
    try {
      result = await api("/api/search?" + qs.toString());
    } catch (e) {
      if (mine === generation) show(errorNotice(e));
      return;
    }
    if (mine !== generation) return;

    const first = (result.page - 1) * result.per_page + 1;
    const lastPage = Math.ceil(result.total / result.per_page);
    const summary = el("p", { class: "summary" },
      !result.total ? "没有找到结果"
        : result.hits.length ? `共 ${result.total} 条结果，第 ${first}–${first + result.hits.length - 1} 条`
        : `共 ${result.total} 条结果，没有更多了（最后一页是第 ${lastPage} 页）`,
      ` (${Math.round(result.took_ms)} ms)`,
      result.timed_out ? " — 搜索超时，结果不完整" : null);
    const partial = result.partial
      ? el("p", { class: "notice warn partial" }, "没有页面包含完整的“", data(params.q), "”；以下是包含其中部分字词的页面。")
      : null;

    const filters = el("div", { class: "filters" });
    for (const key of ["kind", "source", "year"]) {
      if (!params[key]) continue;
      const label = key === "kind" ? KIND_NAMES[params[key]] || params[key] : params[key];
      filters.append(el("a", { class: "chip active", href: searchHash({ ...params, [key]: "", page: 1 }),
        title: "取消这个筛选" }, key === "kind" ? label : data(label), " ✕"));
    }
    const sort = el("span", { class: "sort" }, "排序：");
    for (const [value, name] of Object.entries(SORT_NAMES)) {
      const current = (params.sort || "relevance") === value;
      sort.append(current ? el("strong", null, name) : el("a", { href: searchHash({ ...params, sort: value, page: 1 }) }, name));
    }
    filters.append(sort);

    const list = el("ol", { class: "hits", start: first });
    for (const hit of result.hits) list.append(renderHit(hit));

    show(el("div", { class: "results-layout" },
      el("aside", { class: "facets" }, renderFacets(result.facets, params)),
      el("section", { class: "results" }, summary, partial, filters, list, renderPager(result, params))));
  }

  function renderHit(hit) {
    const meta = el("p", { class: "meta" }, el("span", { class: "kind kind-" + hit.kind }, KIND_NAMES[hit.kind] || hit.kind));
    if (hit.source) meta.append(" · ", data(hit.source));
    if (hit.year) meta.append(" · ", String(hit.year), hit.issue ? data(" " + hit.issue) : "");
    if (hit.citations !== null && hit.citations !== undefined) meta.append(" · 被引 ", String(hit.citations));
    if (hit.kind === "related" && hit.pages && hit.pages.length) meta.append(` · 出现在 ${hit.pages.length} 篇文章中`);
    // One hit per work: the other copies of the paper (other sites, forms, scripts).
    if (hit.kind === "article" && hit.copies > 1) {
      meta.append(" · ", el("span", { class: "copies" }, `共 ${hit.copies} 个版本`));
    }
    if (hit.cited_by_snippets) meta.append(` · 被 ${hit.cited_by_snippets} 条其他文献引用`);
    return el("li", { class: "hit" },
      el("h3", { translate: "no" }, el("a", { href: "#/doc/" + encodeURIComponent(hit.id) + "?q=" + encodeURIComponent(lastQuery) },
        hit.title ? highlighted(hit.title, hit.title_spans || []) : "(无标题)")),
      meta,
      hit.snippet ? el("p", { class: "snippet", translate: "no" }, highlighted(hit.snippet, hit.spans)) : null);
  }

  function renderFacets(facets, params) {
    const box = document.createDocumentFragment();
    // Years newest first; the others by count, as the API orders them. (Kept as entries: an
    // object would put integer-like keys such as years back in ascending order.)
    const years = Object.entries(facets.year || {}).sort((a, b) => b[0].localeCompare(a[0]));
    const groups = [["kind", "类型", Object.entries(facets.kind || {})],
      ["source", "来源", Object.entries(facets.source || {})], ["year", "年份", years]];
    for (const [key, title, counted] of groups) {
      const entries = counted.slice(0, key === "source" ? FACET_SOURCES : undefined);
      if (!entries.length) continue;
      const ul = el("ul", { class: "facet", "data-facet": key });
      for (const [value, count] of entries) {
        const name = key === "kind" ? KIND_NAMES[value] || value : value;
        const active = params[key] === value;
        ul.append(el("li", null, el("a", {
          href: searchHash({ ...params, [key]: active ? "" : value, page: 1 }),
          class: active ? "active" : null, "data-value": value,
        }, el("span", { class: "facet-name", translate: key === "kind" ? null : "no" }, name), el("span", { class: "count" }, String(count)))));
      }
      // Label and chips in one box, so that on a phone the label never wraps away from them.
      box.append(el("div", { class: "facet-group" }, el("h2", null, title), ul));
    }
    return box;
  }

  function renderPager(result, params) {
    const pages = Math.min(MAX_PAGE, Math.ceil(result.total / result.per_page));
    if (pages <= 1) return null;
    const nav = el("nav", { class: "pager", "aria-label": "分页" });
    const go = (p, text, cls) => el("a", { href: searchHash({ ...params, page: p }), class: cls || null }, text);
    const current = result.page;
    if (current > 1) nav.append(go(current - 1, "‹ 上一页", "prev"));
    const lo = Math.max(1, current - 3);
    const hi = Math.min(pages, current + 3);
    if (lo > 1) nav.append(go(1, "1"), lo > 2 ? el("span", null, "…") : null);
    for (let p = lo; p <= hi; p++) {
      nav.append(p === current ? el("strong", { "aria-current": "page" }, String(p)) : go(p, String(p)));
    }
    if (hi < pages) nav.append(hi < pages - 1 ? el("span", null, "…") : null, go(pages, String(pages)));
    if (current < pages) nav.append(go(current + 1, "下一页 ›", "next"));
    return nav;
  }

  // ---------------------------------------------------------------- documents

  async function renderDocument(id, q) {
    const mine = ++generation;
    show(notice("载入中…"));
    let doc;
    try {
      doc = await api("/api/documents/" + encodeURIComponent(id) + (q ? "?q=" + encodeURIComponent(q) : ""));
    } catch (e) {
      if (mine === generation) {
        // Nothing of the previous search stays on screen: not its query, not its title.
        document.title = "出错了 · 文渊";
        input.value = "";
        show(errorNotice(e));
      }
      return;
    }
    if (mine !== generation) return;
    const back = lastSearch ? el("p", { class: "back" }, el("a", { href: lastSearch }, "‹ 返回搜索结果")) : null;
    show(back, doc.kind === "related" ? snippetView(doc) : pageView(doc));
    window.scrollTo(0, 0);
  }

  function field(dl, name, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    // A string is the record's own text; a node is built by the caller, who marks its data.
    dl.append(el("dt", null, name), value instanceof Node ? el("dd", null, value)
      : el("dd", { translate: "no" }, String(value)));
  }

  // The query's matches in one field (doc.matches, whole-field offsets) that fall in the
  // stretch [start, start + length), as offsets relative to it.
  function matchesIn(doc, name, start, length) {
    const spans = (doc.matches && doc.matches[name]) || [];
    return spans.filter(([s, e]) => e > start && s < start + length)
      .map(([s, e]) => [Math.max(s, start) - start, Math.min(e, start + length) - start]);
  }

  function pageView(doc) {
    const rec = doc.record || {};
    document.title = (rec.title || doc.doc_id) + " · 文渊";
    const art = el("article", { class: "document", "data-id": doc.doc_id },
      el("p", { class: "meta" }, el("span", { class: "kind kind-article" }, "文章"), " ", doc.doc_id,
        doc.is_latest ? null : " · 旧版本"),
      el("h1", { translate: "no" }, rec.title ? highlighted(rec.title, matchesIn(doc, "title", 0, Array.from(rec.title).length)) : "(无标题)"));
    const dl = el("dl", { class: "fields" });
    field(dl, "来源", rec.source);
    field(dl, "出版", [rec.year, rec.issue].filter(Boolean).join(" "));
    field(dl, "被引", rec.citations);
    field(dl, "上传者", rec.uploader);
    field(dl, "作者", (rec.authors || []).join("、"));
    field(dl, "关键词", (rec.keywords || []).join("；"));
    art.append(dl);
    if (!doc.record) art.append(el("p", { class: "notice warn" }, "这个页面没有解析成功：", data(doc.error || "")));
    if (rec.abstract) {
      art.append(el("h2", null, "摘要"), el("p", { class: "abstract", translate: "no" },
        highlighted(rec.abstract, matchesIn(doc, "abstract", 0, Array.from(rec.abstract).length))));
    }
    if (rec.body) {
      const body = el("div", { class: "body", translate: "no" });
      let at = 0;   // code-point offset of each paragraph in the whole body, as the spans count
      for (const para of rec.body.split("\n")) {
        const length = Array.from(para).length;
        if (para.trim()) body.append(el("p", null, highlighted(para, matchesIn(doc, "body", at, length))));
        at += length + 1;
      }
      art.append(el("h2", null, "正文"), body);
    }
    const found = art.querySelectorAll("mark").length;
    if (found) {
      art.insertBefore(el("p", { class: "match-hint" }, `${found} 处匹配 · 按 n 跳到下一处，N 上一处`), dl);
    }
    if (doc.related && doc.related.length) {
      const ol = el("ol", { class: "related", translate: "no" });
      for (const item of doc.related) {
        // An item the archive holds the article of opens that article (indexer.works).
        const target = item.cites || item.doc_id;
        ol.append(el("li", item.cites ? { class: "resolved" } : null,
          el("a", { href: "#/doc/" + encodeURIComponent(target) }, item.text),
          item.cites ? el("span", { class: "in-archive" }, " · 本库有全文") : null));
      }
      art.append(el("h2", null, `其他文献 (${doc.related.length})`), ol);
    }
    const work = doc.work;
    if (work && work.copies.length > 1) {
      const ul = el("ul", { class: "copies", translate: "no" });
      for (const c of work.copies) {
        ul.append(el("li", null, c.doc_id === doc.doc_id ? el("strong", null, c.title || c.doc_id) :
          el("a", { href: "#/doc/" + encodeURIComponent(c.doc_id) }, c.title || c.doc_id),
          c.source ? data(" · " + c.source) : null));
      }
      art.append(el("h2", null, `这篇文章的 ${work.copies.length} 个版本`), ul);
    }
    if (work && work.cited_by.length) {
      const ul = el("ul", { class: "cited-by", translate: "no" });
      for (const s of work.cited_by) {
        ul.append(el("li", null, el("a", { href: "#/doc/" + encodeURIComponent(s.doc_id) }, s.text),
          ` · 出现在 ${s.pages.length} 篇文章中`));
      }
      art.append(el("h2", null, `引用这篇文章的其他文献 (${work.cited_by.length})`), ul);
    }
    const origin = doc.origin || {};
    const odl = el("dl", { class: "fields origin" });
    field(odl, "网址", origin.url ? link(origin.url) : null);
    if (origin.final_url && origin.final_url !== origin.url) field(odl, "最终网址", link(origin.final_url));
    field(odl, "来自", (origin.paths || []).join("\n"));
    field(odl, "导入", localTime(origin.imported_at));
    const saved = [FORM_TEXT[origin.form] || data(origin.form), rec.encoding ? data(rec.encoding) : null,
      origin.size !== undefined ? origin.size + " 字节" : null].filter(Boolean);
    field(odl, "格式", saved.length ? el("span", null, ...saved.flatMap((x, i) => i ? [" · ", x] : [x])) : null);
    field(odl, "SHA-256", origin.sha256);
    field(odl, "原始文件", el("a", { href: "/api/documents/" + encodeURIComponent(doc.doc_id) + "/raw",
      download: "" }, "下载原始文件"));
    art.append(el("h2", null, "出处"), odl);
    if (["html", "text", "mhtml"].includes(origin.form)) {
      // The page as it was saved, in a sandbox: an empty sandbox attribute allows no
      // scripts, forms or popups, and the server's CSP fetches nothing from anywhere.
      const holder = el("div", { class: "original" });
      const button = el("button", { type: "button", class: "show-original" }, "查看原始页面");
      button.addEventListener("click", () => {
        holder.replaceChildren(el("iframe", {
          src: "/api/documents/" + encodeURIComponent(doc.doc_id) + "/view", sandbox: "",
          referrerpolicy: "no-referrer", title: "原始页面", class: "original-frame",
        }));
      });
      holder.append(button);
      art.append(holder);
    }
    return art;
  }

  function snippetView(doc) {
    document.title = "其他文献 " + doc.doc_id + " · 文渊";
    const ul = el("ul", { class: "pages-of", translate: "no" });
    for (const page of doc.pages) {
      ul.append(el("li", null, el("a", { href: "#/doc/" + encodeURIComponent(page.doc_id) }, page.title || page.doc_id),
        page.source ? el("span", { class: "meta" }, " · ", page.source) : null));
    }
    const cites = el("ul", { class: "cites", translate: "no" });
    for (const page of doc.cites || []) {
      cites.append(el("li", null, el("a", { href: "#/doc/" + encodeURIComponent(page.doc_id) }, page.title || page.doc_id),
        page.source ? el("span", { class: "meta" }, " · ", page.source) : null));
    }
    return el("article", { class: "document snippet", "data-id": doc.doc_id },
      el("p", { class: "meta" }, el("span", { class: "kind kind-related" }, "其他文献"), " ", doc.doc_id),
      el("h1", { translate: "no" }, doc.text),
      (doc.cites || []).length ? el("h2", null, "引用的是本库中的这篇文章") : null,
      (doc.cites || []).length ? cites : null,
      el("h2", null, `出现在 ${doc.pages.length} 篇文章中`),
      doc.pages.length ? ul : notice("现在没有文章列出它。"));
  }

  // ---------------------------------------------------------------- home and routing

  async function renderHome() {
    const mine = ++generation;
    input.value = "";
    document.title = "文渊 · wenyuan";
    const intro = el("section", { class: "home" },
      el("h1", null, "文渊"),
      el("p", null, "搜索已保存的期刊文章及其“其他文献”。"),
      el("p", { class: "tips" }, "提示：", el("code", null, "\"电信网络诈骗\""), " 精确短语；",
        el("code", null, "title:反诈"), " 按篇名；", el("code", null, "-石家庄"), " 排除；",
        el("code", null, "OR"), " 任一。"));
    show(intro);
    try {
      const stats = await api("/api/stats");
      if (mine === generation) {
        intro.append(el("p", { class: "stats" }, `收录 ${stats.latest_pages} 篇文章，${stats.snippets} 条其他文献。`));
      }
    } catch (e) {
      if (mine === generation) intro.append(errorNotice(e));
    }
  }

  function route() {
    const hash = location.hash || "#/";
    if (hash.startsWith("#/doc/")) {
      const [id, query] = hash.slice(6).split("?");
      return renderDocument(decodeURIComponent(id), new URLSearchParams(query || "").get("q") || "");
    }
    if (hash.startsWith("#/search")) {
      const qs = new URLSearchParams(hash.slice(hash.indexOf("?") + 1));
      return renderSearch(Object.fromEntries(qs.entries()));
    }
    return renderHome();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    const target = searchHash({ q, page: 1 });
    if (location.hash === target) route(); else location.hash = target;
  });
  window.addEventListener("hashchange", route);

  // Keys: / to the search box; j and k to the next and previous hit (Enter opens it).
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
    if (event.key === "/" && !typing) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (!typing && (event.key === "n" || event.key === "N")) {
      // Next (previous) match in the document shown.
      const marks = [...document.querySelectorAll("article.document mark")];
      if (!marks.length) return;
      const at = marks.findIndex((m) => m.classList.contains("current"));
      const next = event.key === "n" ? (at + 1) % marks.length : (at <= 0 ? marks.length : at) - 1;
      if (at >= 0) marks[at].classList.remove("current");
      marks[next].classList.add("current");
      marks[next].scrollIntoView({ block: "center" });
      return;
    }
    if (typing || (event.key !== "j" && event.key !== "k")) return;
    const hits = [...document.querySelectorAll(".hit")];
    if (!hits.length) return;
    const at = hits.findIndex((h) => h.classList.contains("current"));
    const next = event.key === "j" ? Math.min(hits.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
    if (at >= 0) hits[at].classList.remove("current");
    hits[next].classList.add("current");
    hits[next].querySelector("h3 a").focus();
    hits[next].scrollIntoView({ block: "nearest" });
  });
  route();
})();
