package io.alcorvx.engine.goalstate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StagedOpsTest {

  @Test
  void keepsHostsAndOperationsInOrderPastItsFirstCapacity() {
    StagedOps staged = new StagedOps(2);
    List<GoalStateCompiler.StagedOp> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Op op = i % 7 == 0 ? null : Op.delete(EntryKey.port("p" + i));
      staged.add("h" + i, op);
      expected.add(new GoalStateCompiler.StagedOp("h" + i, op));
    }
    assertEquals(100, staged.size());
    assertEquals(expected, staged, "read as a list, element by element");
    assertEquals("h42", staged.host(42));
    assertSame(expected.get(43).op(), staged.op(43));
    assertNull(staged.op(49), "a FULL state is staged as no operation");
    assertTrue(staged.get(49).isFull());
    assertThrows(IndexOutOfBoundsException.class, () -> staged.host(100));
    assertThrows(IndexOutOfBoundsException.class, () -> staged.op(-1));
  }

  @Test
  void ofAListCopiesItAndOfStagedOpsIsTheSame() {
    List<GoalStateCompiler.StagedOp> list = List.of(new GoalStateCompiler.StagedOp("a", Op.delete(EntryKey.port("p"))),
        new GoalStateCompiler.StagedOp("b", null));
    StagedOps copy = StagedOps.of(list);
    assertEquals(list, copy);
    assertSame(copy, StagedOps.of(copy));
  }
}
