package org.sscpbridge.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JmhMarkdownTest {
    @Test
    void throughputRowsShowScoreAndErrorPerParameterSet() {
        String csv = """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: message"
                "org.sscpbridge.benchmark.CodecBenchmark.decodeWellFormed","thrpt",1,5,735493.123,1108678.5,"ops/s",KeepAlive
                "org.sscpbridge.benchmark.CodecBenchmark.encode","thrpt",1,5,12540955.9,5908370.2,"ops/s",CallState
                """;
        assertEquals("""
                | benchmark | parameters | mode | score | ± (99.9 %) | unit |
                |---|---|---|---:|---:|---|
                | CodecBenchmark.decodeWellFormed | message=KeepAlive | thrpt | **735 493** | 1 108 679 | ops/s |
                | CodecBenchmark.encode | message=CallState | thrpt | **12 540 956** | 5 908 370 | ops/s |
                """, JmhMarkdown.table(csv));
    }

    @Test
    void sampleModeShowsCallsMeanAndPercentiles() {
        String csv = """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: engine"
                "org.sscpbridge.benchmark.StoreSearchBenchmark.lastNamePrefix","sample",1,185126,160.5,2.1,"us/op",H2
                "org.sscpbridge.benchmark.StoreSearchBenchmark.lastNamePrefix:p0.50","sample",1,1,90.0,NaN,"us/op",H2
                "org.sscpbridge.benchmark.StoreSearchBenchmark.lastNamePrefix:p0.90","sample",1,1,140.0,NaN,"us/op",H2
                "org.sscpbridge.benchmark.StoreSearchBenchmark.lastNamePrefix:p0.99","sample",1,1,1700.0,NaN,"us/op",H2
                "org.sscpbridge.benchmark.StoreSearchBenchmark.lastNamePrefix:p0.999","sample",1,1,8300.0,NaN,"us/op",H2
                "org.sscpbridge.benchmark.StoreSearchBenchmark.lastNamePrefix:p1.00","sample",1,1,9000.0,NaN,"us/op",H2
                """;
        String table = JmhMarkdown.table(csv);
        assertTrue(table.contains("| StoreSearchBenchmark.lastNamePrefix | engine=H2 | 185 126 | 161 | 90.00 | 140 "
                + "| **1 700** | 8 300 | us/op |"), table);
    }

    @Test
    void aParameterABenchmarkDoesNotHaveIsLeftOut() {
        String csv = """
                "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: message"
                "org.sscpbridge.benchmark.CodecBenchmark.decodeSeedDialect","thrpt",1,5,453337.0,290907.0,"ops/s",
                """;
        assertTrue(JmhMarkdown.table(csv).contains("| CodecBenchmark.decodeSeedDialect |  | thrpt | **453 337** |"),
                JmhMarkdown.table(csv));
    }

    @Test
    void quotedCellsKeepCommasAndQuotes() {
        assertEquals(java.util.List.of("a,b", "c\"d", "", "e"), JmhMarkdown.cells("\"a,b\",\"c\"\"d\",,e"));
    }
}
