export declare function electronBinary(): { path: string } | { missing: string };
