package io.trimtab.mbeans.sqlite.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The candidates .expert's method gives, and when an existing index already serves one. */
class CandidatesTest {

    private static final Map<String, Set<String>> SCHEMA = Map.of(
            "users", Set.of("id", "email", "country", "created", "name"),
            "orders", Set.of("id", "user_id", "status", "total", "placed"));

    private static TableUse use(String sql, String table) {
        return StatementShapes.parse(sql, t -> SCHEMA.getOrDefault(t, Set.of())).orElseThrow().uses(table).get(0);
    }

    private static List<String> described(List<CandidateIndex> candidates) {
        return candidates.stream().map(CandidateIndex::toString).toList();
    }

    @Test
    void equalitiesFirstThenEachRangeOrTheOrderByAndCoveringVariants() {
        assertEquals(List.of("users(country)", "users(country, created)", "users(country, name)",
                        "users(country, created, name)", "users(country, name, created)"),
                described(Candidates.forUse(use("SELECT name FROM users WHERE country = ? AND created > ? ORDER BY name",
                        "users"))));
    }

    @Test
    void aSingleSortDirectionStaysAscendingAndMixedDirectionsAreKept() {
        assertEquals("users(country, created)", Candidates.forUse(use(
                "SELECT * FROM users WHERE country = ? ORDER BY created DESC", "users")).get(1).toString());
        assertEquals("users(created, name DESC)", Candidates.forUse(use(
                "SELECT * FROM users ORDER BY created, name DESC", "users")).get(0).toString());
    }

    @Test
    void aJoinedTableGetsItsFiltersAloneAndWithTheJoinColumnsAndAnOrOneIndexPerBranch() {
        TableUse orders = use("SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE o.status = ?", "orders");
        assertEquals(List.of("orders(status)", "orders(status, user_id)"), described(Candidates.forUse(orders)));
        assertEquals(List.of("users(email)", "users(name)"), described(Candidates.forUse(
                use("SELECT * FROM users WHERE email = ? OR name = ?", "users"))));
        assertEquals("users(email COLLATE nocase)", Candidates.forUse(
                use("SELECT * FROM users WHERE email = ? COLLATE NOCASE", "users")).get(0).toString());
    }

    @Test
    void overAWorkloadSharedEqualityColumnsLeadAndTheirIntersectionIsACandidate() {
        TableUse byStatus = use("SELECT * FROM orders WHERE user_id = ? AND status = ?", "orders");
        TableUse byTotal = use("SELECT * FROM orders WHERE total = ? AND user_id = ?", "orders");
        Set<CandidateIndex> all = Candidates.forWorkload(List.of(new Candidates.Use(byStatus, 5),
                new Candidates.Use(byTotal, 3)));
        List<String> names = all.stream().map(CandidateIndex::toString).toList();
        assertTrue(names.contains("orders(user_id, status)"), names.toString());
        assertTrue(names.contains("orders(user_id, total)"), "user_id is shared, so it leads: " + names);
        assertTrue(names.contains("orders(user_id)"), names.toString());
    }

    @Test
    void anExistingIndexCoversACandidateByItsWholeKeyList() {
        CandidateIndex countryCreated = new CandidateIndex("users", List.of(CandidateIndex.Key.of("country"),
                CandidateIndex.Key.of("created")), 1);
        assertTrue(countryCreated.coveredBy(keys("country", "created", "name")));
        assertFalse(countryCreated.coveredBy(keys("country")), "a leading column alone is not enough");
        assertFalse(countryCreated.coveredBy(keys("country", "name", "created")));
        assertFalse(countryCreated.coveredBy(keys("created", "country")), "the range column must follow");
        CandidateIndex twoEqualities = new CandidateIndex("users", keys("country", "name"), 2);
        assertTrue(twoEqualities.coveredBy(keys("name", "country")), "equality columns in any order");
        CandidateIndex nocase = new CandidateIndex("users", List.of(new CandidateIndex.Key("email", "nocase", false)), 1);
        assertFalse(nocase.coveredBy(keys("email")), "a binary index serves no NOCASE comparison");
        assertEquals("CREATE INDEX trimtab_idx_users_email_nocase ON users (email COLLATE nocase)", nocase.createSql());
    }

    private static List<CandidateIndex.Key> keys(String... columns) {
        return List.of(columns).stream().map(CandidateIndex.Key::of).toList();
    }

    @Test
    void anOrBranchOfSeveralTermsGetsItsOwnCompositeAndARangeBranchItsRange() {
        List<String> names = described(Candidates.forUse(use(
                "SELECT * FROM users WHERE (country = ? AND name = ?) OR created > ? OR email = ?", "users")));
        assertEquals(List.of("users(country, name)", "users(created)", "users(email)"), names);
    }

    @Test
    void aCoveringVariantDoesNotCountTheRowidAmongTheColumnsItAdds() {
        Schema schema = new Schema(List.of(), SCHEMA, Map.of("users",
                List.of(new Schema.Index("users", List.of(CandidateIndex.Key.of("id")), true))));
        TableUse byCountry = use("SELECT id, name, email FROM users WHERE country = ? ORDER BY created", "users");
        List<String> names = Candidates.forWorkload(List.of(new Candidates.Use(byCountry, 1)), schema).stream()
                .map(CandidateIndex::toString).toList();
        assertTrue(names.contains("users(country, created, email, name)"), "id is in every index: " + names);
        assertFalse(names.stream().anyMatch(n -> n.contains("id")), names.toString());
        List<String> withoutSchema = described(Candidates.forUse(byCountry));
        assertFalse(withoutSchema.contains("users(country, created, email, id, name)"), "three columns added: "
                + withoutSchema);
    }
}
