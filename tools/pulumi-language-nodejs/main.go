// Command pulumi-language-nodejs is a minimal Node.js language host for the Pulumi engine.
//
// Upstream's host is published as its own Go module, which the module proxy this project builds from does not serve,
// so scripts/ensure-pulumi builds this one instead. It only runs programs: it starts
// node_modules/@pulumi/pulumi/cmd/run (found from the program directory) with the flags and environment that script
// reads, and leaves plugin discovery, dependency installation and code generation unimplemented or empty, since
// this project's programs use only dynamic providers.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	pbempty "google.golang.org/protobuf/types/known/emptypb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is what GetPluginInfo reports: the Pulumi release whose protocol this host was written against.
const version = "3.248.0"

// bailExitCode is the exit code cmd/run uses after it has already shown the user an error (see
// nodeJSProcessExitedAfterLoggingUserActionableMessage in @pulumi/pulumi); the engine must then add nothing.
const bailExitCode = 32

func main() {
	// The engine passes logging and tracing flags before the engine address (see buildPluginArguments in the sdk).
	flag.Bool("logtostderr", false, "accepted for compatibility; ignored")
	flag.Bool("logflow", false, "accepted for compatibility; ignored")
	flag.Int("v", 0, "accepted for compatibility; ignored")
	tracing := flag.String("tracing", "", "tracing endpoint to pass on to the program")
	flag.Parse()

	ctx, stop := context.WithCancel(context.Background())
	host := &host{tracing: *tracing, alive: ctx}
	if flag.NArg() > 0 {
		host.engineAddress.Store(flag.Arg(0))
	}

	// Serve the way the sdk's rpcutil does (loopback, a port the kernel picks, the same message size limit) but
	// without its tracing dependencies: the engine only needs the port and the LanguageRuntime service.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(srv, host)
	// The engine reads exactly one line from stdout: the port. Everything after it is shown as program output.
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)
	if flag.NArg() > 0 {
		go watchEngine(flag.Arg(0), func() { stop(); srv.GracefulStop() })
	}
	if err := srv.Serve(lis); err != nil {
		fail(err)
	}
}

// watchEngine calls gone once the engine stops answering health checks. An engine killed outright (SIGKILL, or
// SIGPIPE when its output is cut short) cannot stop its plugins, and this host and its node child would be left
// running; the sdk's plugins guard against that the same way (rpcutil.Healthcheck).
func watchEngine(addr string, gone func()) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return
	}
	client := healthpb.NewHealthClient(conn)
	for range time.Tick(10 * time.Second) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{})
		cancel()
		if err != nil && status.Code(err) != codes.Unimplemented {
			gone()
			return
		}
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
	os.Exit(1)
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress atomic.Value // string: from the command line, or from Handshake when the engine attaches
	tracing       string
	alive         context.Context // cancelled when the engine is gone: running programs are then stopped
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.EngineAddress != "" {
		h.engineAddress.Store(req.EngineAddress)
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) engine() string {
	addr, _ := h.engineAddress.Load().(string)
	return addr
}

func (h *host) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Dynamic providers are served by pulumi-resource-pulumi-nodejs, which the engine finds itself: nothing to install.
func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// Dependencies are installed with npm by the user, never by the engine.
func (h *host) InstallDependencies(
	*pulumirpc.InstallDependenciesRequest, grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	return nil
}

func (h *host) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *host) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("node not found on PATH: %w", err)
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("running node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: node, Version: strings.TrimSpace(string(out))}, nil
}

// Run executes the program with @pulumi/pulumi's own runner, which talks to the engine itself; the host only
// passes settings on, streams output and turns the exit code into the answer the engine expects.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	dir, entry, root := req.GetPwd(), req.GetProgram(), ""
	if info != nil {
		dir, entry, root = info.GetProgramDirectory(), info.GetEntryPoint(), info.GetRootDirectory()
	}
	if entry == "" {
		entry = "."
	}
	opts := info.GetOptions().AsMap()

	runner, err := findRunner(dir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var args []string
	if nodeArgs, ok := opts["nodeargs"].(string); ok {
		args = append(args, strings.Fields(nodeArgs)...)
	}
	args = append(args, runner,
		"--monitor="+req.GetMonitorAddress(),
		"--engine="+h.engine(),
		"--project="+req.GetProject(),
		"--stack="+req.GetStack(),
		"--pwd="+dir,
		"--parallel="+strconv.Itoa(int(req.GetParallel())),
	)
	if root != "" {
		args = append(args, "--root-directory="+root)
	}
	if req.GetOrganization() != "" {
		args = append(args, "--organization="+req.GetOrganization())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if h.tracing != "" {
		args = append(args, "--tracing="+h.tracing)
	}
	args = append(append(args, entry), req.GetArgs()...)

	// Config travels in the environment, where every copy of @pulumi/pulumi loaded by the program can read it.
	// A stack without config sends none: `null` would make @pulumi/pulumi's config reader fail on its first read.
	configMap := req.GetConfig()
	if configMap == nil {
		configMap = map[string]string{}
	}
	config, err := json.Marshal(configMap)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
		// TypeScript (through ts-node) is on unless Pulumi.yaml says `runtime.options.typescript: false`.
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts["typescript"] != false),
	)
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopOnExit := context.AfterFunc(h.alive, cancel)
	defer stopOnExit()
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir, cmd.Env = dir, env
	// The engine shows whatever this process writes after the port line as the program's output.
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err = cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == bailExitCode:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() > 0:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("the Node.js program exited with code %d", exitErr.ExitCode())}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("running the Node.js program: %v", err)}, nil
	}
}

// findRunner looks for @pulumi/pulumi/cmd/run the way Node resolves packages: in node_modules of the program
// directory and then of each parent, so hoisted npm workspaces work too.
func findRunner(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		runner := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(filepath.Join(runner, "index.js")); err == nil {
			return runner, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("@pulumi/pulumi not found in node_modules of %s or its parents: run npm install", abs)
		}
	}
}
