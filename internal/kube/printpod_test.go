package kube

// The cases below are kubectl's own (k8s.io/kubernetes v1.37.2,
// pkg/printers/internalversion/printers_test.go: TestPrintPod and
// TestPrintPodWithRestartableInitContainer), with the internal API types
// swapped for core/v1. podRow must give the same cells.

import (
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
)

var containerRestartPolicyAlways = corev1.ContainerRestartPolicyAlways

var (
	podSuccessConditions = []metav1.TableRowCondition{{Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: string(corev1.PodSucceeded), Message: "The pod has completed successfully."}}
	podFailedConditions  = []metav1.TableRowCondition{{Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: string(corev1.PodFailed), Message: "The pod failed."}}
)

func run(t *testing.T, tests []struct {
	pod    corev1.Pod
	expect []metav1.TableRow
}) {
	t.Helper()
	for i, test := range tests {
		row := podRow(&test.pod, time.Now())
		if got := row.Cells[:5]; !reflect.DeepEqual(test.expect[0].Cells, got) {
			t.Errorf("%d (%s): got %v, kubectl shows %v", i, test.pod.Name, got, test.expect[0].Cells)
		}
	}
}

func TestPrintPod(t *testing.T) {

	deleteTime := metav1.NewTime(time.Now().Add(-10 * time.Second))
	tests := []struct {
		pod    corev1.Pod
		expect []metav1.TableRow
	}{
		{
			// Test name, num of containers, restarts, container ready status
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test1"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					ContainerStatuses: []corev1.ContainerStatus{
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
						{RestartCount: 3},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test1", "1/2", "podPhase", "6", "<unknown>"}}},
		},
		{
			// Test container error overwrites pod phase
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test2"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					ContainerStatuses: []corev1.ContainerStatus{
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
						{State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerWaitingReason"}}, RestartCount: 3},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test2", "1/2", "ContainerWaitingReason", "6", "<unknown>"}}},
		},
		{
			// Test the same as the above but with Terminated state and the first container overwrites the rest
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test3"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					ContainerStatuses: []corev1.ContainerStatus{
						{State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerWaitingReason"}}, RestartCount: 3},
						{State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "ContainerTerminatedReason"}}, RestartCount: 3},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test3", "0/2", "ContainerWaitingReason", "6", "<unknown>"}}},
		},
		{
			// Test ready is not enough for reporting running
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test4"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					ContainerStatuses: []corev1.ContainerStatus{
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
						{Ready: true, RestartCount: 3},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test4", "1/2", "podPhase", "6", "<unknown>"}}},
		},
		{
			// Test ready is not enough for reporting running
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test5"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Reason: "podReason",
					Phase:  "podPhase",
					ContainerStatuses: []corev1.ContainerStatus{
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
						{Ready: true, RestartCount: 3},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test5", "1/2", "podReason", "6", "<unknown>"}}},
		},
		{
			// Test pod has 2 containers, one is running and the other is completed, w/o ready condition
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test6"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase:  "Running",
					Reason: "",
					ContainerStatuses: []corev1.ContainerStatus{
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ExitCode: 0}}},
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test6", "1/2", "NotReady", "6", "<unknown>"}}},
		},
		{
			// Test pod has 2 containers, one is running and the other is completed, with ready condition
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test6"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase:  "Running",
					Reason: "",
					ContainerStatuses: []corev1.ContainerStatus{
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ExitCode: 0}}},
						{Ready: true, RestartCount: 3, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
					},
					Conditions: []corev1.PodCondition{
						{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastProbeTime: metav1.Time{Time: time.Now()}},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test6", "1/2", "Running", "6", "<unknown>"}}},
		},
		{
			// Test pod has 1 init container restarting and 1 container not running
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test7"},
				Spec:       corev1.PodSpec{InitContainers: make([]corev1.Container, 1), Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:        false,
							RestartCount: 0,
							State:        corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test7", "0/1", "Init:0/1", "3 (10s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 init containers, one restarting and the other not running, and 1 container not running
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test8"},
				Spec:       corev1.PodSpec{InitContainers: make([]corev1.Container, 2), Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
						{
							Ready: false,
							State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test8", "0/1", "Init:0/2", "3 (10s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 init containers, one completed without restarts and the other restarting, and 1 container not running
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test9"},
				Spec:       corev1.PodSpec{InitContainers: make([]corev1.Container, 2), Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{}},
						},
						{
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test9", "0/1", "Init:1/2", "3 (10s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 init containers, one completed with restarts and the other restarting, and 1 container not running
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test10"},
				Spec:       corev1.PodSpec{InitContainers: make([]corev1.Container, 2), Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                false,
							RestartCount:         2,
							State:                corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-2 * time.Minute))}},
						},
						{
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test10", "0/1", "Init:1/2", "5 (10s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 1 init container completed with restarts and one container restarting
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test11"},
				Spec:       corev1.PodSpec{InitContainers: make([]corev1.Container, 1), Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "Running",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                false,
							RestartCount:         2,
							State:                corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-2 * time.Minute))}},
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                false,
							RestartCount:         4,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-20 * time.Second))}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test11", "0/1", "Running", "4 (20s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 1 container that restarted 5d ago
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test12"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "Running",
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                true,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-5 * 24 * time.Hour))}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test12", "1/1", "Running", "3 (5d ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 containers, one has never restarted and the other has restarted 10d ago
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test13"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: "Running",
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:        true,
							RestartCount: 0,
							State:        corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
						},
						{
							Ready:                true,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * 24 * time.Hour))}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test13", "2/2", "Running", "3 (10d ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 containers, one restarted 5d ago and the other restarted 20d ago
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test14"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: "Running",
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                true,
							RestartCount:         6,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-5 * 24 * time.Hour))}},
						},
						{
							Ready:                true,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-20 * 24 * time.Hour))}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test14", "2/2", "Running", "9 (5d ago)", "<unknown>"}}},
		},
		{
			// Test PodScheduled condition with reason SchedulingGated
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test15"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: "podPhase",
					Conditions: []corev1.PodCondition{
						{
							Type:   corev1.PodScheduled,
							Status: corev1.ConditionFalse,
							Reason: corev1.PodReasonSchedulingGated,
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test15", "0/2", corev1.PodReasonSchedulingGated, "0", "<unknown>"}}},
		},
		{
			// Test pod condition succeed
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test16"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: corev1.PodSucceeded,
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ExitCode: 0}},
						},
					},
				},
			},
			[]metav1.TableRow{{Conditions: podSuccessConditions, Cells: []any{"test16", "0/1", "Completed", "0", "<unknown>"}}},
		},
		{
			// Test pod condition failed
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test17"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: corev1.PodFailed,
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 1}},
						},
					},
				},
			},
			[]metav1.TableRow{{Conditions: podFailedConditions, Cells: []any{"test17", "0/1", "Error", "0", "<unknown>"}}},
		},
		{
			// Test pod condition succeed with deletion
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test18", DeletionTimestamp: &deleteTime},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: corev1.PodSucceeded,
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ExitCode: 0}},
						},
					},
				},
			},
			[]metav1.TableRow{{Conditions: podSuccessConditions, Cells: []any{"test18", "0/1", "Completed", "0", "<unknown>"}}},
		},
		{
			// Test pod condition running with deletion
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test19", DeletionTimestamp: &deleteTime},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: corev1.PodRunning,
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
						},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test19", "0/1", "Terminating", "0", "<unknown>"}}},
		},
		{ // Test pod condition pending with deletion
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test20", DeletionTimestamp: &deleteTime},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: corev1.PodPending,
				},
			},
			[]metav1.TableRow{{Cells: []any{"test20", "0/1", "Terminating", "0", "<unknown>"}}},
		},
		// Test the two containers. They are ready and State are Error/Running
		// reference: https://github.com/kubernetes/kubernetes/issues/107713
		{
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test21"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: corev1.PodFailed,
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
								FinishedAt: metav1.NewTime(time.Now()),
								ExitCode:   1,
								Reason:     "podCrash"},
							},
							LastTerminationState: corev1.ContainerState{},
						},
						{
							Ready: true,
							State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{
								StartedAt: metav1.NewTime(time.Now())},
							},
							LastTerminationState: corev1.ContainerState{},
						},
					},
				},
			},
			[]metav1.TableRow{
				{
					Cells:      []any{"test21", "1/2", "podCrash", "0", "<unknown>"},
					Conditions: podFailedConditions,
				},
			},
		},
		// Test the two containers. They are ready and State are Running/Error
		// reference: https://github.com/kubernetes/kubernetes/issues/107713
		{
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test22"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 2)},
				Status: corev1.PodStatus{
					Phase: corev1.PodFailed,
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: true,
							State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{
								StartedAt: metav1.NewTime(time.Now())},
							},
							LastTerminationState: corev1.ContainerState{},
						},
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
								FinishedAt: metav1.NewTime(time.Now()),
								ExitCode:   1,
								Reason:     "podCrash"},
							},
							LastTerminationState: corev1.ContainerState{},
						},
					},
				},
			},
			[]metav1.TableRow{
				{
					Cells:      []any{"test22", "1/2", "podCrash", "0", "<unknown>"},
					Conditions: podFailedConditions,
				},
			},
		},
		{
			// Test the three containers. They are ready and State are Running/Error/Completed
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test23"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 3)},
				Status: corev1.PodStatus{
					Phase: "Failed",
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: true,
							State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{
								StartedAt: metav1.NewTime(time.Now())},
							},
							LastTerminationState: corev1.ContainerState{},
						},
						{
							Ready: true,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
								FinishedAt: metav1.NewTime(time.Now()),
								ExitCode:   1,
								Reason:     "podCrash"},
							},
							LastTerminationState: corev1.ContainerState{},
						},
						{
							Ready: true,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
								FinishedAt: metav1.NewTime(time.Now()),
								ExitCode:   0},
							},
							LastTerminationState: corev1.ContainerState{},
						},
					},
				},
			},
			[]metav1.TableRow{
				{
					Cells:      []any{"test23", "1/3", "podCrash", "0", "<unknown>"},
					Conditions: podFailedConditions,
				},
			},
		},
		{
			// Test the three containers. They are notReady and State are Running/Error/Completed
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test24"},
				Spec:       corev1.PodSpec{Containers: make([]corev1.Container, 3)},
				Status: corev1.PodStatus{
					Phase: "Failed",
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready: false,
							State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{
								StartedAt: metav1.NewTime(time.Now())},
							},
							LastTerminationState: corev1.ContainerState{},
						},
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
								FinishedAt: metav1.NewTime(time.Now()),
								ExitCode:   1,
								Reason:     "podCrash"},
							},
							LastTerminationState: corev1.ContainerState{},
						},
						{
							Ready: false,
							State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
								FinishedAt: metav1.NewTime(time.Now()),
								ExitCode:   0},
							},
							LastTerminationState: corev1.ContainerState{},
						},
					},
				},
			},
			[]metav1.TableRow{
				{
					Cells:      []any{"test24", "0/3", "podCrash", "0", "<unknown>"},
					Conditions: podFailedConditions,
				},
			},
		},
	}

	run(t, tests)
}

func TestPrintPodWithRestartableInitContainer(t *testing.T) {

	tests := []struct {
		pod    corev1.Pod
		expect []metav1.TableRow
	}{
		{
			// Test pod has 2 restartable init containers, the first one running but not started.
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test1"},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{
						{Name: "restartable-init-1", RestartPolicy: &containerRestartPolicyAlways},
						{Name: "restartable-init-2", RestartPolicy: &containerRestartPolicyAlways},
					}, Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "Pending",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Name:                 "restartable-init-1",
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							Started:              ptr.To(false),
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
						{
							Name:    "restartable-init-2",
							Ready:   false,
							State:   corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
							Started: ptr.To(false),
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:        false,
							RestartCount: 0,
							State:        corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
						},
					},
					Conditions: []corev1.PodCondition{
						{Type: corev1.PodInitialized, Status: corev1.ConditionFalse},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test1", "0/3", "Init:0/2", "3 (10s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 restartable init containers, the first one started and the second one running but not started.
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test1"},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{
						{Name: "restartable-init-1", RestartPolicy: &containerRestartPolicyAlways},
						{Name: "restartable-init-2", RestartPolicy: &containerRestartPolicyAlways},
					}, Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "Pending",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Name:                 "restartable-init-1",
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							Started:              ptr.To(true),
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
						{
							Name:    "restartable-init-2",
							Ready:   false,
							State:   corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							Started: ptr.To(false),
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:        false,
							RestartCount: 0,
							State:        corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{}},
						},
					},
					Conditions: []corev1.PodCondition{
						{Type: corev1.PodInitialized, Status: corev1.ConditionFalse},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test1", "0/3", "Init:1/2", "3 (10s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 restartable init containers started and 1 container running
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test2"},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{
						{Name: "restartable-init-1", RestartPolicy: &containerRestartPolicyAlways},
						{Name: "restartable-init-2", RestartPolicy: &containerRestartPolicyAlways},
					}, Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "Running",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Name:                 "restartable-init-1",
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							Started:              ptr.To(true),
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
						{
							Name:    "restartable-init-2",
							Ready:   false,
							State:   corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							Started: ptr.To(true),
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                true,
							RestartCount:         4,
							State:                corev1.ContainerState{Running: &corev1.ContainerStateRunning{}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-20 * time.Second))}},
						},
					},
					Conditions: []corev1.PodCondition{
						{Type: corev1.PodInitialized, Status: corev1.ConditionTrue},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test2", "1/3", "Running", "7 (10s ago)", "<unknown>"}}},
		},
		{
			// Test pod has 2 restartable init containers completed with non-zero and 1 container completed
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test3"},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{
						{Name: "restartable-init-1", RestartPolicy: &containerRestartPolicyAlways},
						{Name: "restartable-init-2", RestartPolicy: &containerRestartPolicyAlways},
					}, Containers: make([]corev1.Container, 1)},
				Status: corev1.PodStatus{
					Phase: "Succeeded",
					InitContainerStatuses: []corev1.ContainerStatus{
						{
							Name:                 "restartable-init-1",
							Ready:                false,
							RestartCount:         3,
							State:                corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 137}},
							Started:              ptr.To(false),
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-10 * time.Second))}},
						},
						{
							Name:    "restartable-init-2",
							Ready:   false,
							State:   corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 137}},
							Started: ptr.To(false),
						},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{
							Ready:                false,
							RestartCount:         4,
							State:                corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed", ExitCode: 0}},
							LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{FinishedAt: metav1.NewTime(time.Now().Add(-20 * time.Second))}},
						},
					},
					Conditions: []corev1.PodCondition{
						{Type: corev1.PodInitialized, Status: corev1.ConditionTrue},
					},
				},
			},
			[]metav1.TableRow{
				{
					Cells: []any{"test3", "0/3", "Completed", "7 (10s ago)", "<unknown>"},
					Conditions: []metav1.TableRowCondition{
						{Type: metav1.RowCompleted, Status: metav1.ConditionTrue, Reason: "Succeeded", Message: "The pod has completed successfully."},
					},
				},
			},
		},
		{
			// Test pod has container statuses for non-existent initContainers and containers
			corev1.Pod{
				ObjectMeta: metav1.ObjectMeta{Name: "test4"},
				Spec: corev1.PodSpec{
					InitContainers: []corev1.Container{
						{Name: "init1", Image: "initimage"},
						{Name: "sidecar1", Image: "sidecarimage", RestartPolicy: ptr.To(corev1.ContainerRestartPolicyAlways)},
					},
					Containers: []corev1.Container{{Name: "container1", Image: "containerimage"}},
				},
				Status: corev1.PodStatus{
					Phase: "Running",
					InitContainerStatuses: []corev1.ContainerStatus{
						{Name: "initinvalid"},
						{Name: "init1"},
						{Name: "sidecar1"},
					},
					ContainerStatuses: []corev1.ContainerStatus{
						{Name: "containerinvalid"},
						{Name: "container1"},
					},
				},
			},
			[]metav1.TableRow{{Cells: []any{"test4", "0/2", "Init:0/2", "0", "<unknown>"}}},
		},
	}

	run(t, tests)
}
