/* Demand-gap chart: people asking for each skill against cadres who cover it (largest gaps first). */
(function () {
  var holder = document.getElementById("gap-chart");
  var source = document.getElementById("gap-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [data.labels.demand, data.labels.covered], top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: data.skills, axisLabel: { width: 96, overflow: "truncate" } },
    series: [
      { name: data.labels.demand, type: "bar", data: data.demand, itemStyle: { color: "#dc3545" } },
      { name: data.labels.covered, type: "bar", data: data.covered, itemStyle: { color: "#198754" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
