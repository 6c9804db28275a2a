// Trimtab's dashboard, part 2 of 6: uPlot charts of a signal's window and of a knob's predicted outcome.
// A chart is kept by key between refreshes and given new data; it is built again only when its series change.
'use strict';

(function (page) {
  const CHART_HEIGHT = 140;
  const COLORS = { value: '#0969da', threshold: '#cf222e', forecast: '#8250df', curve: '#1a7f37' };
  const charts = new Map(); // chart key -> {plot, element, shape, width}

  function drop(key) {
    const chart = charts.get(key);
    if (chart) {
      chart.plot.destroy();
      charts.delete(key);
    }
  }

  // x: uPlot's options for the x scale; unit: the y values' unit, for the axis ticks.
  function draw(holder, key, series, data, x, unit) {
    let chart = charts.get(key);
    const shape = series.map(function (s) { return s.label; }).join('|') + '|' + JSON.stringify(x);
    if (chart && (chart.shape !== shape || chart.element !== holder)) {
      drop(key);
      chart = null;
    }
    const width = Math.max(120, holder.clientWidth);
    if (!chart) {
      const opts = {
        width: width, height: CHART_HEIGHT, legend: { show: false }, cursor: { drag: { x: false, y: false } },
        scales: { x: x },
        axes: [{ stroke: '#59636e', grid: { stroke: '#eaeef2' } },
          { stroke: '#59636e', grid: { stroke: '#eaeef2' }, size: 56,
            values: function (u, vals) { return vals.map(function (v) { return page.format.tick(v, unit); }); } }],
        series: [{}].concat(series)
      };
      chart = { plot: new uPlot(opts, data, holder), element: holder, shape: shape, width: width };
      holder.dataset.chart = key;
      charts.set(key, chart);
    } else {
      chart.plot.setData(data);
      if (chart.width !== width) {
        chart.plot.setSize({ width: width, height: CHART_HEIGHT });
        chart.width = width;
      }
    }
  }

  function line(label, stroke, dash) {
    return { label: label, stroke: stroke, width: dash ? 1 : 2, dash: dash, points: { show: false }, spanGaps: true };
  }

  // A signal's window, the levels of the rules bound to it, and the optimizer's trend carried forward.
  function signal(holder, s, times) {
    const xs = times.map(function (t) { return t / 1000; });
    const values = s.v.slice();
    const series = [line(s.figure, COLORS.value)];
    const columns = [values];
    const forecast = s.forecast;
    const last = xs.length - 1;
    let forecastColumn = null;
    if (forecast && last >= 1 && Number.isFinite(forecast.slopePerMinute) && values[last] !== null) {
      const horizon = Math.max((xs[last] - xs[0]) / 4, (xs[last] - xs[last - 1]) * 2);
      xs.push(xs[last] + horizon);
      values.push(null);
      forecastColumn = xs.map(function () { return null; });
      forecastColumn[last] = values[last];
      forecastColumn[last + 1] = values[last] + forecast.slopePerMinute * horizon / 60;
    }
    s.thresholds.forEach(function (level) {
      series.push(line(level.rule + ' ' + level.comparison.toLowerCase() + ' ' + level.threshold, COLORS.threshold, [6, 4]));
      columns.push(xs.map(function () { return level.threshold; }));
    });
    if (forecastColumn) {
      series.push(line('forecast', COLORS.forecast, [2, 3]));
      columns.push(forecastColumn);
    }
    draw(holder, 'signal:' + s.name, series, [xs].concat(columns), { time: true }, s.unit);
  }

  // A knob's outcome model (a cache's miss-ratio curve): the predicted signal across the knob's bounds, the knob's
  // value marked. Bounds a decade or more apart are drawn on a log scale, as the curve's points are spaced.
  function curve(holder, knob) {
    const c = knob.curve;
    const marked = c.x.map(function (x, i) { return x === knob.value ? c.y[i] : null; });
    const series = [line(c.signal + ' predicted', COLORS.curve), { label: 'now', stroke: COLORS.value, width: 0,
      points: { show: true, size: 9, fill: COLORS.value } }];
    const x = c.scale === 'log' ? { time: false, distr: 3 } : { time: false };
    draw(holder, 'curve:' + knob.name, series, [c.x, c.y, marked], x, '');
  }

  page.charts = { drop: drop, signal: signal, curve: curve };
}(window.trimtab = window.trimtab || {}));
