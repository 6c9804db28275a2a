package io.trimtab.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void printsAResultLineAScriptCanSplitAndASummaryAgainstTheGoals() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        report.result("sqlite-tuned-vs-default", 8.4321, "x", Report.Goal.atLeast(8));
        report.result("jolokia-bulk-read", 2.5, "ms", Report.Goal.atMost(2));
        report.result("startup-heap", 1234.5678, "KiB");
        report.printSummary();

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("RESULT sqlite-tuned-vs-default 8.43 x\nRESULT jolokia-bulk-read 2.50 ms\n"
                + "RESULT startup-heap 1235 KiB\n"), out);
        assertTrue(out.contains("| sqlite-tuned-vs-default | 8.43 | x | >= 8.00 x | yes |"), out);
        assertTrue(out.contains("| jolokia-bulk-read | 2.50 | ms | <= 2.00 ms | no |"), out);
        assertTrue(out.contains("| startup-heap | 1235 | KiB |  |  |"), out);
    }

    @Test
    void formatsSmallFiguresWithThreeSignificantDigits() {
        assertEquals("0.0123", Report.format(0.012345));
        assertEquals("0.573", Report.format(0.5731));
        assertEquals("0", Report.format(0));
        assertEquals("-12.3", Report.format(-12.34));
    }
}
