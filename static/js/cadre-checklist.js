/* A list of cadres to tick (learning: one study session for several cadres): a name filter that hides the
   cadres who do not match, 全选/全不选 for those shown, and how many are ticked. Without JavaScript the list
   still works: the tools stay hidden. */
(function () {
  document.querySelectorAll("[data-checklist]").forEach(function (list) {
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
    var tools = list.querySelector("[data-checklist-tools]");
    var filter = list.querySelector("[data-checklist-filter]");
    var count = list.querySelector("[data-checklist-count]");
    var template = count ? count.textContent.replace(/\d+/, "{n}") : "";

    function shown(box) { return !box.closest("label").hidden; }
    function update() {
      if (count) {
        var n = boxes.filter(function (box) { return box.checked; }).length;
        count.textContent = template.replace("{n}", n);
      }
    }
    function tick(value) {
      boxes.filter(shown).forEach(function (box) { box.checked = value; });
      update();
    }

    if (tools) { tools.classList.remove("d-none"); }
    if (filter) {
      filter.addEventListener("input", function () {
        var text = filter.value.trim();
        boxes.forEach(function (box) {
          var label = box.closest("label");
          label.hidden = text !== "" && label.dataset.name.indexOf(text) === -1;
        });
      });
    }
    var all = list.querySelector("[data-checklist-all]");
    var none = list.querySelector("[data-checklist-none]");
    if (all) { all.addEventListener("click", function () { tick(true); }); }
    if (none) { none.addEventListener("click", function () { tick(false); }); }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    update();
  });
})();
