package dev.todostreams.todo;

/** The seed scenario on the embedded DynamoDB emulator (default profile): runs everywhere. */
class EmulatorStatusChangeScenarioIntegrationTests extends StatusChangeScenario {

}
