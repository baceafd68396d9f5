// pause holds a pod's namespaces open; it only waits for a signal to exit.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	// Reap children re-parented to us when the pod shares its PID namespace.
	signal.Ignore(syscall.SIGCHLD)
	<-sig
}
