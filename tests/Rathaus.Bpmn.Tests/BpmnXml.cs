namespace Rathaus.Bpmn.Tests;

/// <summary>Builds small BPMN files for tests.</summary>
internal static class BpmnXml
{
    public static string Definitions(string processBody, string rootElements = "", string processId = "p", bool executable = true) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          id="defs" targetNamespace="http://rathaus.example/bpmn">
          {rootElements}
          <bpmn:process id="{processId}" isExecutable="{(executable ? "true" : "false")}">
            {processBody}
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Flow(string id, string source, string target, string? condition = null) => condition is null
        ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}" />"""
        : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}"><bpmn:conditionExpression>{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>""";

    public static string ServiceTask(string id, string type, string extra = "") =>
        $"""<bpmn:serviceTask id="{id}"><bpmn:extensionElements><zeebe:taskDefinition type="{type}" />{extra}</bpmn:extensionElements></bpmn:serviceTask>""";

    public static string UserTask(string id, string groups = "sachbearbeitung", string extra = "") =>
        $"""<bpmn:userTask id="{id}" name="{id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="{groups}" />{extra}</bpmn:extensionElements></bpmn:userTask>""";
}
