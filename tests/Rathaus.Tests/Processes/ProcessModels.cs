namespace Rathaus.Tests.Processes;

/// <summary>Small BPMN files for the runtime tests, as Camunda Modeler writes them (Zeebe extensions).</summary>
internal static class ProcessModels
{
    public static string Definitions(string processId, string body, string rootElements = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="defs_{processId}" targetNamespace="http://rathaus.example/bpmn">
          {rootElements}
          <bpmn:process id="{processId}" isExecutable="true">
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Flow(string id, string source, string target) =>
        $"""<bpmn:sequenceFlow id="{id}" sourceRef="{source}" targetRef="{target}" />""";

    public static string ServiceTask(string id, string type, int retries = 3) =>
        $"""<bpmn:serviceTask id="{id}"><bpmn:extensionElements><zeebe:taskDefinition type="{type}" retries="{retries}" /></bpmn:extensionElements></bpmn:serviceTask>""";

    public static string UserTask(string id, string groups) =>
        $"""<bpmn:userTask id="{id}" name="{id}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="{groups}" /></bpmn:extensionElements></bpmn:userTask>""";

    public static string Timer(string id, string duration) =>
        $"""<bpmn:intermediateCatchEvent id="{id}"><bpmn:timerEventDefinition><bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""";

    /// <summary>A timer start event; <paramref name="kind"/> is timeDate, timeDuration or timeCycle.</summary>
    public static string TimerStart(string id, string kind, string value) =>
        $"""<bpmn:startEvent id="{id}"><bpmn:timerEventDefinition><bpmn:{kind}>{value}</bpmn:{kind}></bpmn:timerEventDefinition></bpmn:startEvent>""";

    /// <summary>A call activity of the latest version of <paramref name="processId"/>.</summary>
    public static string CallActivity(string id, string processId) =>
        $"""<bpmn:callActivity id="{id}"><bpmn:extensionElements><zeebe:calledElement processId="{processId}" /></bpmn:extensionElements></bpmn:callActivity>""";

    /// <summary>start → service task → user task (candidate group) → end.</summary>
    public static string ServiceThenUserTask(string processId, string serviceType, string group) => Definitions(processId, $"""
        <bpmn:startEvent id="start" />
        {ServiceTask("check", serviceType)}
        {UserTask("decide", group)}
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "check")}
        {Flow("f2", "check", "decide")}
        {Flow("f3", "decide", "end")}
        """);

    /// <summary>start → user task → end.</summary>
    public static string OneUserTask(string processId, string group) => Definitions(processId, $"""
        <bpmn:startEvent id="start" />
        {UserTask("decide", group)}
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "decide")}
        {Flow("f2", "decide", "end")}
        """);

    /// <summary>start → service task → timer → service task → end.</summary>
    public static string ServiceTimerService(string processId, string firstType, string secondType, string duration) => Definitions(processId, $"""
        <bpmn:startEvent id="start" />
        {ServiceTask("first", firstType)}
        {Timer("wait", duration)}
        {ServiceTask("second", secondType)}
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "first")}
        {Flow("f2", "first", "wait")}
        {Flow("f3", "wait", "second")}
        {Flow("f4", "second", "end")}
        """);

    /// <summary>start → receive the message <paramref name="message"/> keyed by <c>orderId</c> → end.</summary>
    public static string WaitForMessage(string processId, string message) => Definitions(processId, $"""
        <bpmn:startEvent id="start" />
        <bpmn:intermediateCatchEvent id="receive"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="end" />
        {Flow("f1", "start", "receive")}
        {Flow("f2", "receive", "end")}
        """, $"""<bpmn:message id="msg" name="{message}"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>""");
}
