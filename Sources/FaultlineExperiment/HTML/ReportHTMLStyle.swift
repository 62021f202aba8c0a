/// The report page's only stylesheet, inline: screen colours, and a print style that needs no colour at all.

enum ReportHTMLStyle {
    /// Every chart element is told apart by a dash pattern, a hatch or a label as well as a colour, so the print
    /// style can turn everything black and lose nothing.
    static let css = """
        :root{color-scheme:light}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;\
        background:#fff;margin:24px auto;max-width:1000px;padding:0 16px}
        h1{font-size:22px;margin:0 0 6px}
        h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        p.hypothesis{font-style:italic;margin:4px 0 10px}
        .status{display:inline-block;font-weight:700;padding:2px 10px;border:2px solid currentColor;border-radius:4px}
        .status-passed{color:#1a7f37}
        .status-deviated,.status-halted,.status-not-recovered,.status-interrupted{color:#9a6700}
        .status-baseline-failed,.status-invalid,.status-rollback-failed{color:#cf222e}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
        dt{font-weight:600}
        dd{margin:0}
        table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;margin:6px 0}
        th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #d0d7de;vertical-align:top}
        th{border-bottom:2px solid #8c959f}
        .num{text-align:right;white-space:nowrap}
        .met{color:#1a7f37}
        .not-met{color:#cf222e;font-weight:600}
        .note{color:#57606a}
        .leftovers{border:2px solid #cf222e;padding:6px 10px}
        figure{margin:12px 0 22px;break-inside:avoid;page-break-inside:avoid}
        figcaption{font-weight:600;margin-bottom:4px}
        svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
        svg.chart{width:100%;height:auto;max-width:960px}
        svg.chart,svg.legend{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
        svg .grid{stroke:#eaeef2}
        svg .panel{stroke:#8c959f}
        svg .x-axis{stroke:#57606a}
        svg .y-tick,svg .x-tick,svg .row-label,svg .panel-title,svg .limit-label{fill:#57606a}
        svg .hatch{stroke:#c4c9cf}
        svg .fault{stroke:#8c959f;stroke-width:.5}
        svg .fault-edge{stroke:#57606a}
        svg .fault-name,svg .marker-label{fill:#1f2328;font-weight:600}
        svg .p50{stroke:#0969da;stroke-width:1.6}
        svg .p99{stroke:#bc4c00;stroke-width:1.6}
        svg .limit{stroke:#6e7781;stroke-width:1.2}
        svg .errors{fill:#d0d7de;stroke:#57606a}
        svg .halt,svg .signal{stroke:#cf222e;stroke-width:2}
        svg .rollback{stroke:#1a7f37;stroke-width:2}
        svg .ttd,svg .ttr,svg .ttd-mark{stroke:#1f2328;stroke-width:1.2}
        svg .empty{fill:#6e7781;font-style:italic}
        footer{margin-top:32px;color:#57606a;font-size:12px}
        @media print{
        @page{margin:12mm}
        body{margin:0;max-width:none;color:#000;font-size:10pt}
        h2{break-after:avoid;page-break-after:avoid}
        .status,.met,.not-met,.note{color:#000}
        .leftovers{border-color:#000}
        table,figure{break-inside:avoid;page-break-inside:avoid}
        svg .p50,svg .p99,svg .halt,svg .signal,svg .rollback,svg .ttd,svg .ttr,svg .ttd-mark,svg .x-axis{stroke:#000}
        svg .panel,svg .limit,svg .fault-edge{stroke:#444}
        svg .grid{stroke:#ddd}
        svg .hatch{stroke:#999}
        svg .errors{fill:#bbb;stroke:#000}
        svg text{fill:#000}
        }
        """
}
