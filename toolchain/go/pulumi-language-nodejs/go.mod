module local/pulumi-language-nodejs-build

go 1.21

require github.com/pulumi/pulumi/sdk/v3 v3.68.0
