package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageTest {
  @Test
  void everyIdIsUniqueAndNamedAfterItsRule() {
    Set<String> ids = new HashSet<>();
    for (Message message : Message.values()) {
      assertThat(ids.add(message.id())).isTrue();
      assertThat(message.id().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase())
          .isEqualTo("PROTEKT_" + message.name());
    }
  }

  @Test
  void aHintThatNamesAnIdToSuppressNamesItsOwn() {
    for (Message message : Message.values()) {
      String text = message.format(new Object[10]);
      if (text.contains("@SuppressWarnings(")) {
        assertThat(text).contains("@SuppressWarnings(\"" + message.id() + "\")");
      }
    }
  }
}
