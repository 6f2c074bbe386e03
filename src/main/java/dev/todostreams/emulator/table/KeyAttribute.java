package dev.todostreams.emulator.table;

/** A key attribute: its name and scalar type (S, N or B). */
record KeyAttribute(String name, String type) {
}
