// 拟稿: a starting 正文 for the chosen 文种 while the body is empty or still an untouched
// template (the templates come from the form, in the textarea's data-body-templates).
(function () {
  "use strict";
  const body = document.querySelector("textarea[data-body-templates]");
  const type = document.getElementById("id_doc_type");
  if (!body || !type) { return; }
  let templates;
  try {
    templates = JSON.parse(body.getAttribute("data-body-templates"));
  } catch (error) {
    return;
  }
  const known = Object.keys(templates).map(function (key) { return templates[key].trim(); });
  function untouched() {
    const text = body.value.replace(/\r\n/g, "\n").trim();
    return text === "" || known.indexOf(text) !== -1;
  }
  type.addEventListener("change", function () {
    if (!untouched()) { return; }
    body.value = templates[type.value] || "";
    // Tell the live preview (and anything else listening) that the text changed.
    body.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
