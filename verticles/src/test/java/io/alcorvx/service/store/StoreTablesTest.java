package io.alcorvx.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoreTablesTest {
  @Test
  void arrayLiteralsQuoteEveryElementAndEscapeQuotesAndBackslashes() {
    assertEquals("{}", StoreTables.arrayLiteral(List.of()));
    assertEquals("{\"a\"}", StoreTables.arrayLiteral(List.of("a")));
    assertEquals("{\"a,b\",\"{c}\",\"say \\\"hi\\\"\",\"back\\\\slash\",\"NULL\"}",
        StoreTables.arrayLiteral(List.of("a,b", "{c}", "say \"hi\"", "back\\slash", "NULL")));
  }
}
