package io.trimtab.mbeans.sqlite.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading EXPLAIN QUERY PLAN lines, in the current and the older format. */
class PlanTest {

    @Test
    void indexesUsedFullScansAndScore() {
        Plan join = new Plan(List.of("SCAN y", "BLOOM FILTER ON x (b=?)", "SEARCH x USING AUTOMATIC COVERING INDEX (b=?)"));
        assertEquals(Set.of(), join.indexes(), "an automatic index is no index of the schema");
        assertEquals(List.of("y"), join.fullScans());
        assertEquals(1.0, join.score());

        Plan searched = new Plan(List.of("SEARCH orders USING INDEX trimtab_idx_orders_customer_id_placed (customer_id=? AND placed>?)",
                "USE TEMP B-TREE FOR ORDER BY"));
        assertTrue(searched.uses("TRIMTAB_IDX_ORDERS_CUSTOMER_ID_PLACED"));
        assertEquals(List.of(), searched.fullScans());
        assertEquals(3.0, searched.score());

        assertEquals(3.5, new Plan(List.of("SEARCH orders USING COVERING INDEX by_customer (customer_id=?)")).score(),
                "a covering index saves each row's table lookup, worth less than a term");
        Plan ordered = new Plan(List.of("SCAN orders USING INDEX by_placed"));
        assertEquals(Set.of("by_placed"), ordered.indexes());
        assertEquals(List.of(), ordered.fullScans());
        assertEquals(0.0, ordered.score(), "a scan gains only by the sort it saves");

        Plan old = new Plan(List.of("SCAN TABLE users AS u", "SEARCH TABLE orders USING INTEGER PRIMARY KEY (rowid=?)"));
        assertEquals(List.of("u"), old.fullScans());
        assertEquals(3.0, old.score());
        assertEquals(-1.0, new Plan(List.of("SCAN t", "USE TEMP B-TREE FOR GROUP BY")).score());
    }
}
