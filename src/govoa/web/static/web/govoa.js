// Small behaviours without inline scripts (the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }
    // 否决 ends the flow for good: asked once more, whatever form offers it.
    const chosen = form.querySelector("input[name=action]:checked");
    if (chosen && chosen.value === "reject" &&
        !window.confirm("否决后流程即告终止，不能撤回。确定否决？")) {
      event.preventDefault();
      return;
    }
    // Guard against double submission of the same form.
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    window.setTimeout(function () { form.dataset.submitted = ""; }, 4000);
  });
  // Keyboard: Alt+<key> follows the element marked data-hotkey="<key>" (the same in every
  // browser, unlike accesskey).
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
    const target = document.querySelector('[data-hotkey="' + event.key.toLowerCase() + '"]');
    if (target) { event.preventDefault(); target.click(); }
  });
  // Keyboard: "/" focuses the page's search box, like most office systems' quick search.
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" && !/INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) {
      const box = document.querySelector("[data-search]");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
  // The menu toggle of small screens: the menu is closed until asked for.
  document.addEventListener("click", function (event) {
    const toggle = event.target.closest("[data-nav-toggle]");
    if (!toggle) { return; }
    const open = document.body.classList.toggle("nav-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      const first = document.querySelector("#sidenav a");
      if (first) { first.focus(); }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
      document.body.classList.remove("nav-open");
      const toggle = document.querySelector("[data-nav-toggle]");
      if (toggle) { toggle.setAttribute("aria-expanded", "false"); toggle.focus(); }
    }
  });
  // A list's filter form folds behind one button on a phone (CSS shows the button and hides the
  // folded form only under 768 px); a search already made keeps it open.
  function foldFilters() {
    document.querySelectorAll("form.filters[method=get]").forEach(function (form, index) {
      const active = Array.from(new URLSearchParams(window.location.search).entries())
        .some(function (pair) { return pair[0] !== "page" && pair[0] !== "tab" && pair[1] !== ""; });
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary filters-toggle";
      if (!form.id) { form.id = "filters-" + index; }
      button.setAttribute("aria-controls", form.id);
      button.setAttribute("aria-expanded", active ? "true" : "false");
      button.textContent = active ? "收起筛选" : "筛选";
      if (!active) { form.classList.add("folded"); }
      button.addEventListener("click", function () {
        const folded = form.classList.toggle("folded");
        button.setAttribute("aria-expanded", folded ? "false" : "true");
        button.textContent = folded ? "筛选" : "收起筛选";
      });
      form.parentNode.insertBefore(button, form);
    });
  }
  // An act form shows only the fields of the chosen action: a field's wrapper names the
  // actions it serves in data-for-actions (space separated); the others stay hidden.
  function actionFields() {
    document.querySelectorAll("form").forEach(function (form) {
      const dependent = form.querySelectorAll("[data-for-actions]");
      if (!dependent.length) { return; }
      function update() {
        const checked = form.querySelector("input[name=action]:checked");
        const action = checked ? checked.value : "";
        dependent.forEach(function (wrapper) {
          const wanted = wrapper.getAttribute("data-for-actions").split(" ");
          wrapper.hidden = wanted.indexOf(action) < 0;
        });
      }
      form.addEventListener("change", function (event) {
        if (event.target.name === "action") { update(); }
      });
      update();
    });
  }
  // Each cell of a list learns its column's name, which a phone shows beside it (cards).
  function labelCells(root) {
    root.querySelectorAll("table.list").forEach(function (table) {
      const heads = Array.from(table.querySelectorAll("thead th")).map(function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.from(row.children).forEach(function (cell, index) {
          if (!cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", heads[index] || "");
          }
        });
      });
    });
  }
  document.addEventListener("htmx:afterSwap", function (event) { labelCells(event.target); });
  // People pickers: a <select data-picker="<search url>" data-picker-scope="<token>"> holding
  // only the chosen people becomes a search box (typed text asks the server, at most 20 at a
  // time), a list of matches (arrow keys and Enter, or a tap) and the chosen as removable chips.
  // The hidden select stays the form's field, so the server validates as before.
  let pickerCount = 0;
  function picker(select) {
    const multiple = select.multiple;
    const id = "picker-" + (++pickerCount);
    const wrapper = document.createElement("div");
    wrapper.className = "picker";
    const chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", "已选");
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.placeholder = "输入姓名、登录名或部门搜索";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-results");
    const results = document.createElement("ul");
    results.className = "picker-results";
    results.id = id + "-results";
    results.setAttribute("role", "listbox");
    const status = document.createElement("div");
    status.className = "picker-status";
    status.setAttribute("aria-live", "polite");
    const label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) { label.setAttribute("for", id); label.id = label.id || id + "-label"; }
    if (label) { results.setAttribute("aria-labelledby", label.id); }
    wrapper.append(chips, input, results, status);
    select.hidden = true;
    select.parentNode.insertBefore(wrapper, select.nextSibling);
    let active = -1;
    let timer = null;
    let asked = 0;

    function chosen() {
      return Array.from(select.options).filter(function (o) { return o.selected && o.value; });
    }
    function drawChips() {
      chips.replaceChildren();
      chosen().forEach(function (option) {
        const chip = document.createElement("li");
        const name = document.createElement("span");
        name.textContent = option.textContent;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "移除" + option.textContent);
        remove.addEventListener("click", function () {
          option.selected = false;
          if (multiple) { option.remove(); }
          drawChips();
          input.focus();
        });
        chip.append(name, remove);
        chips.append(chip);
      });
    }
    function close() {
      results.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      const items = results.querySelectorAll("li");
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function pick(person) {
      let option = Array.from(select.options).find(function (o) { return o.value === String(person.id); });
      if (!multiple) {
        Array.from(select.options).forEach(function (o) { if (o.value) { o.remove(); } });
        option = null;
      }
      if (!option) {
        option = new Option(person.label, String(person.id), true, true);
        select.add(option);
      }
      option.selected = true;
      drawChips();
      close();
      input.value = "";
      status.textContent = "已选择" + person.label;
    }
    function search() {
      const ticket = ++asked;
      const url = select.getAttribute("data-picker") + "?scope=" +
        encodeURIComponent(select.getAttribute("data-picker-scope")) + "&q=" + encodeURIComponent(input.value);
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [], more: false }; })
        .then(function (data) {
          if (ticket !== asked) { return; }
          results.replaceChildren();
          data.results.forEach(function (person, index) {
            const item = document.createElement("li");
            item.id = id + "-option-" + index;
            item.setAttribute("role", "option");
            item.setAttribute("aria-selected", "false");
            item.textContent = person.label;
            item.addEventListener("mousedown", function (event) { event.preventDefault(); });
            item.addEventListener("click", function () { pick(person); input.focus(); });
            results.append(item);
          });
          input.setAttribute("aria-expanded", data.results.length ? "true" : "false");
          active = -1;
          status.textContent = data.results.length
            ? "找到 " + data.results.length + (data.more ? "+" : "") + " 人，上下键选择，回车确定"
            : "没有找到，请换个关键词";
        })
        .catch(function () { status.textContent = "搜索暂时不可用，请稍后再试"; });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("focus", function () { if (!input.value) { search(); } });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      const open = input.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown") { event.preventDefault(); if (!open) { search(); } else { highlight(active + 1); } }
      else if (event.key === "ArrowUp" && open) { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        results.querySelectorAll("li")[active].click();
      } else if (event.key === "Escape" && open) { event.preventDefault(); close(); }
    });
    drawChips();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-picker]").forEach(picker);
    labelCells(document);
    foldFilters();
    actionFields();
  });
})();
